import Link from "next/link";
import { useTranslations } from "next-intl";
import { formatFen } from "@/packages/core/src/money";
import type { BlockProduct } from "@/packages/decoration/src";
import { cn } from "@/lib/cn";
import { ProductImage } from "../product-image";
import { productHref, type H5Context } from "./links";

/** A product block's card, with the test ids of the catalogue's own card (product-card.tsx). */
export function ProductTile({ p, ctx, compact = false }: { p: BlockProduct; ctx: H5Context; compact?: boolean }) {
  const t = useTranslations("storefront");
  return (
    <li className="overflow-hidden rounded-brand bg-white shadow-sm ring-1 ring-black/5" data-testid="product-card">
      <Link href={productHref(p.id, ctx)} className="block">
        <ProductImage images={p.image ? [p.image] : []} alt={p.name} />
        <div className={cn("space-y-1", compact ? "p-1.5" : "p-2.5")}>
          <p className={cn("line-clamp-2 font-medium leading-snug", compact ? "text-xs" : "text-sm")}>{p.name}</p>
          <p className="flex items-baseline justify-between gap-1">
            <Price p={p} ctx={ctx} from={t("from")} compact={compact} />
            {p.soldOut ? <span className="shrink-0 text-xs text-slate-400">{t("soldOut")}</span> : null}
          </p>
        </div>
      </Link>
    </li>
  );
}

/** A row of a product list: picture left, name and price right. */
export function ProductRow({ p, ctx }: { p: BlockProduct; ctx: H5Context }) {
  const t = useTranslations("storefront");
  return (
    <li className="rounded-brand bg-white shadow-sm ring-1 ring-black/5" data-testid="product-card">
      <Link href={productHref(p.id, ctx)} className="flex gap-3 p-2">
        <ProductImage images={p.image ? [p.image] : []} alt={p.name} className="w-24 shrink-0 rounded-brand" />
        <div className="flex min-w-0 flex-1 flex-col justify-between py-0.5">
          <p className="line-clamp-2 text-sm font-medium leading-snug">{p.name}</p>
          <p className="flex items-baseline justify-between gap-2">
            <Price p={p} ctx={ctx} from={t("from")} />
            {p.soldOut ? <span className="text-xs text-slate-400">{t("soldOut")}</span> : null}
          </p>
        </div>
      </Link>
    </li>
  );
}

function Price({ p, ctx, from, compact = false }: { p: BlockProduct; ctx: H5Context; from: string; compact?: boolean }) {
  return (
    <span className={cn("font-semibold text-brand", compact && "text-sm")} data-testid="product-price">
      {formatFen(p.minPriceFen, ctx.locale)}
      <span className="ml-0.5 text-xs font-normal text-slate-500">{from}</span>
    </span>
  );
}

/** A block's heading (product grids and lists, countdowns). */
export function BlockTitle({ children }: { children: React.ReactNode }) {
  return <h2 className="px-3 pb-2 pt-1 text-base font-semibold">{children}</h2>;
}
