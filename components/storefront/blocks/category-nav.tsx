import Link from "next/link";
import { useTranslations } from "next-intl";
import type { BlockCategory } from "@/packages/decoration/src";
import { categoryHref, shopHref } from "./links";
import type { BlockRendererProps } from "./types";

/** The shop's categories (or the merchant's pick, in their order) as chips or as an icon grid. */
export function CategoryNavBlock({ block, data, ctx }: BlockRendererProps<"categoryNav">) {
  const t = useTranslations("storefront");
  const { categoryIds, style } = block.props;
  const byId = new Map(data.categories.map((c) => [c.id.toLowerCase(), c]));
  const cats: BlockCategory[] = categoryIds.length ? categoryIds.flatMap((id) => byId.get(id.toLowerCase()) ?? []) : data.categories;
  if (!cats.length) return null;
  if (style === "icons") {
    return (
      <nav className="grid grid-cols-4 gap-y-3 px-3 py-3" aria-label={t("category")}>
        {cats.map((c) => (
          <Link key={c.id} href={categoryHref(c.id, ctx)} className="flex flex-col items-center gap-1 text-center text-xs">
            {c.image ? (
              // eslint-disable-next-line @next/next/no-img-element
              <img src={c.image} alt="" width={48} height={48} loading="lazy" className="h-12 w-12 rounded-full object-cover" />
            ) : (
              <span aria-hidden className="flex h-12 w-12 items-center justify-center rounded-full bg-brand/10 text-base font-semibold text-brand">
                {Array.from(c.name)[0]}
              </span>
            )}
            <span className="line-clamp-1 w-full">{c.name}</span>
          </Link>
        ))}
      </nav>
    );
  }
  return (
    <nav className="flex gap-2 overflow-x-auto px-3 py-2" aria-label={t("category")}>
      <Link href={shopHref(`${ctx.base}/search`, ctx)} className="shrink-0 rounded-full bg-brand px-3 py-1 text-sm text-brand-foreground">
        {t("all")}
      </Link>
      {cats.map((c) => (
        <Link key={c.id} href={categoryHref(c.id, ctx)} className="shrink-0 rounded-full border border-black/10 bg-white px-3 py-1 text-sm">
          {c.name}
        </Link>
      ))}
    </nav>
  );
}
