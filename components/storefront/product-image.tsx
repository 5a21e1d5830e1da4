import { cn } from "@/lib/cn";

/** The cover picture of a product, or its emoji placeholder until a picture is uploaded. */
export function ProductImage({ images, emoji, className, alt = "" }: { images: string[]; emoji: string | null; className?: string; alt?: string }) {
  const src = images[0];
  return (
    <div className={cn("flex aspect-square items-center justify-center overflow-hidden bg-black/[0.03] text-5xl", className)}>
      {src ? (
        // eslint-disable-next-line @next/next/no-img-element
        <img src={src} alt={alt} className="h-full w-full object-cover" loading="lazy" data-testid="product-cover" />
      ) : (
        <span aria-hidden>{emoji ?? "🛍️"}</span>
      )}
    </div>
  );
}
