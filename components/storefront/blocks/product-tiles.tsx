import Link from "next/link";
import { useTranslations } from "next-intl";
import { formatFen } from "@/packages/core/src/money";
import type { BlockProduct } from "@/packages/decoration/src";
import { ProductImage } from "../product-image";
import { productHref, type H5Context } from "./links";

/** A product block's card, with the test ids of the catalogue's own card (product-card.tsx). */
export function ProductTile({ p, ctx, compact = false }: { p: BlockProduct; ctx: H5Context; compact?: boolean }) {
  const t = useTranslations("storefront");
  return (
    <li className="sf-card" data-testid="product-card">
      <Link href={productHref(p.id, ctx)} className="block">
        <ProductImage images={p.image ? [p.image] : []} alt={p.name} />
        <div className={compact ? "space-y-1 p-1.5" : "space-y-1 p-2.5"}>
          <p className={compact ? "sf-name text-xs" : "sf-name text-sm"}>{p.name}</p>
          <p className="sf-price-line">
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
    <li className="sf-row" data-testid="product-card">
      <Link href={productHref(p.id, ctx)} className="flex gap-3 p-2">
        <ProductImage images={p.image ? [p.image] : []} alt={p.name} className="w-24 shrink-0 rounded-brand" />
        <div className="flex min-w-0 flex-1 flex-col justify-between py-0.5">
          <p className="sf-name text-sm">{p.name}</p>
          <p className="sf-price-line">
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
    <span className={compact ? "sf-price text-sm" : "sf-price"} data-testid="product-price">
      {formatFen(p.minPriceFen, ctx.locale)}
      <span className="sf-from">{from}</span>
    </span>
  );
}

/** A block's heading (product grids and lists, countdowns). */
export function BlockTitle({ children }: { children: React.ReactNode }) {
  return <h2 className="px-3 pb-2 pt-1 text-base font-semibold">{children}</h2>;
}
