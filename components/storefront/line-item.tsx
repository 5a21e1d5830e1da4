import { formatFen } from "@/packages/core/src/money";
import { ProductImage } from "./product-image";

/** One bought or to-be-bought line: picture, name, spec, unit price × quantity. */
export function LineItem({ name, spec, images, priceFen, quantity, locale, children }: { name: string; spec: string[]; images: string[]; priceFen: number; quantity: number; locale: string; children?: React.ReactNode }) {
  return (
    <div className="flex gap-3 py-2">
      <ProductImage images={images} className="h-16 w-16 shrink-0 rounded-md text-3xl" />
      <div className="min-w-0 flex-1 text-sm">
        <p className="line-clamp-2 font-medium">{name}</p>
        {spec.length ? <p className="text-xs text-slate-500">{spec.join(" / ")}</p> : null}
        <p className="mt-1 flex items-center justify-between">
          <span className="text-brand">{formatFen(priceFen, locale)}</span>
          <span className="text-slate-500">× {quantity}</span>
        </p>
        {children}
      </div>
    </div>
  );
}
