import Link from "next/link";
import { formatFen } from "@/packages/core/src/money";
import type { ProductCard as Card } from "@/packages/db/src/queries/catalog";
import { ProductImage } from "./product-image";

export function ProductCard({ p, href, locale, fromLabel, soldOutLabel }: { p: Card; href: string; locale: string; fromLabel: string; soldOutLabel: string }) {
  return (
    <li className="overflow-hidden rounded-brand bg-white shadow-sm ring-1 ring-black/5" data-testid="product-card">
      <Link href={href} className="block">
        <ProductImage images={p.images} />
        <div className="space-y-1 p-2.5">
          <p className="line-clamp-2 text-sm font-medium leading-snug">{p.name}</p>
          <p className="line-clamp-1 text-xs text-slate-500">{p.subtitle}</p>
          <p className="flex items-baseline justify-between">
            <span className="font-semibold text-brand" data-testid="product-price">
              {formatFen(p.minPriceFen, locale)}
              <span className="ml-0.5 text-xs font-normal text-slate-500">{fromLabel}</span>
            </span>
            {p.stock === 0 ? <span className="text-xs text-slate-400">{soldOutLabel}</span> : null}
          </p>
        </div>
      </Link>
    </li>
  );
}
