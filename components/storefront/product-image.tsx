import { ImageIcon } from "lucide-react";

/** The cover picture of a product, or a plain picture placeholder until one is uploaded. */
export function ProductImage({ images, className, alt = "" }: { images: string[]; className?: string; alt?: string }) {
  const src = images[0];
  return (
    <div className={className ? `sf-cover ${className}` : "sf-cover"}>
      {src ? (
        // eslint-disable-next-line @next/next/no-img-element
        <img src={src} alt={alt} loading="lazy" data-testid="product-cover" />
      ) : (
        <ImageIcon aria-hidden className="h-1/3 w-1/3" data-testid="product-cover-placeholder" />
      )}
    </div>
  );
}
