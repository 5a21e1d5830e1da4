/**
 * What the editor's canvas (and the viewer's read-only page) draws for one
 * block: the storefront's own H5 renderer (components/storefront/blocks), so
 * the merchant sees what shoppers will. A block still being filled in (its
 * props fail the schema, e.g. a banner without a picture yet) gets a labelled
 * stand-in instead, since the renderers draw valid blocks only.
 */
import { useTranslations } from "next-intl";
import { H5_RENDERERS } from "@/components/storefront/blocks";
import type { BlockRenderer } from "@/components/storefront/blocks/types";
import { blockSchemas, countdownState, type Block, type BlockData, type RenderContext } from "@/packages/decoration/src";
import { formatFen } from "@/packages/core/src/money";

export type BlockPreviewProps = { block: Block; data: BlockData; ctx: RenderContext };

export function BlockPreview({ block, data, ctx }: BlockPreviewProps) {
  const t = useTranslations("editor");
  const complete = blockSchemas[block.type].safeParse(block.props).success;
  const Render = H5_RENDERERS[block.type] as BlockRenderer<typeof block.type>;
  return (
    <section data-testid="block-preview" data-block-type={block.type} data-block-id={block.id} data-complete={complete || undefined}>
      {complete ? (
        <Render block={block as never} data={data} ctx={ctx} eager />
      ) : (
        <div className="px-3 py-2">
          <p className="mb-1 text-[10px] uppercase tracking-wide text-slate-400">{t(`blocks.${block.type}`)}</p>
          <Body block={block} data={data} ctx={ctx} />
        </div>
      )}
    </section>
  );
}

function Body({ block, data, ctx }: BlockPreviewProps) {
  const t = useTranslations("editor.preview");
  switch (block.type) {
    case "noticeBar":
      return (
        <p className="rounded-brand bg-accent/15 px-3 py-2 text-sm text-ink" data-testid="preview-notice">
          {block.props.text}
        </p>
      );
    case "productGrid":
    case "productList": {
      const items = data.products[block.id] ?? [];
      const grid = block.type === "productGrid";
      return (
        <div>
          {block.props.title ? <h3 className="mb-2 font-semibold text-ink">{block.props.title}</h3> : null}
          {items.length ? (
            <ul className={grid ? `grid gap-2 ${block.props.columns === 3 ? "grid-cols-3" : "grid-cols-2"}` : "space-y-2"}>
              {items.map((p) => (
                <li key={p.id} className={`overflow-hidden rounded-brand bg-white ring-1 ring-black/5 ${grid ? "" : "flex gap-2"}`}>
                  <Picture src={p.image} className={grid ? "aspect-square w-full" : "h-16 w-16 shrink-0"} />
                  <div className="p-2">
                    <p className="line-clamp-2 text-xs">{p.name}</p>
                    <p className="text-xs font-semibold text-brand">{formatFen(p.minPriceFen, ctx.locale)}</p>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p className="rounded-brand border border-dashed border-slate-300 p-3 text-center text-xs text-slate-500">{t("noProducts")}</p>
          )}
        </div>
      );
    }
    case "banner": {
      const first = block.props.slides[0];
      return <Picture src={first?.image ?? null} className="w-full rounded-brand" style={{ aspectRatio: String(block.props.aspect || 2) }} />;
    }
    case "hotspotImage":
      return (
        <div className="relative">
          <Picture src={block.props.image || null} className="w-full rounded-brand" />
          {block.props.hotspots.map((h, i) => (
            <span key={i} className="absolute border-2 border-dashed border-brand bg-brand/10" style={{ left: `${h.x}%`, top: `${h.y}%`, width: `${h.w}%`, height: `${h.h}%` }} />
          ))}
        </div>
      );
    case "categoryNav": {
      const chosen = block.props.categoryIds.length ? data.categories.filter((c) => block.props.categoryIds.includes(c.id)) : data.categories;
      return (
        <ul className="flex flex-wrap gap-2">
          {chosen.length ? chosen.map((c) => <li key={c.id} className="rounded-full bg-brand/10 px-3 py-1 text-xs text-brand">{c.name}</li>) : <li className="text-xs text-slate-500">{t("allCategories")}</li>}
        </ul>
      );
    }
    case "richText":
      // The stored html is the sanitizer's output (packages/decoration/src/sanitize.ts): allowed tags only.
      return <div className="prose prose-sm text-sm text-ink" dangerouslySetInnerHTML={{ __html: block.props.html }} />;
    case "video":
      return (
        <div>
          <Picture src={block.props.poster || null} className="aspect-video w-full rounded-brand" />
          {block.props.title ? <p className="mt-1 text-sm">▶ {block.props.title}</p> : null}
        </div>
      );
    case "countdown": {
      const s = block.props.endsAt ? countdownState(block.props.endsAt, ctx.now) : null;
      return (
        <div className="rounded-brand bg-brand px-3 py-2 text-brand-foreground">
          <p className="font-semibold">{block.props.title}</p>
          <p className="text-xs">{!s ? "" : s.ended ? t("ended") : `${s.days}d ${s.hours}:${String(s.minutes).padStart(2, "0")}:${String(s.seconds).padStart(2, "0")}`}</p>
        </div>
      );
    }
    case "recruitment":
      return (
        <div className="rounded-brand bg-brand/10 p-3 text-center">
          <p className="font-semibold text-ink">{block.props.headline}</p>
          {block.props.body ? <p className="text-xs text-slate-600">{block.props.body}</p> : null}
          {block.props.showRates && data.recruitment ? <p className="text-xs text-brand">{t("recruitmentRates", { l1: `${data.recruitment.level1Bp / 100}%` })}</p> : null}
          <span className="mt-2 inline-block rounded-brand bg-brand px-4 py-1 text-sm text-brand-foreground">{block.props.buttonLabel}</span>
        </div>
      );
    case "spacer":
      return <div style={{ height: block.props.height }} className="flex items-center">{block.props.divider ? <hr className="w-full border-slate-200" /> : null}</div>;
  }
}

function Picture({ src, className, style }: { src: string | null; className?: string; style?: React.CSSProperties }) {
  const t = useTranslations("editor.preview");
  if (!src) return <div className={`flex min-h-16 items-center justify-center bg-slate-100 text-xs text-slate-400 ${className ?? ""}`} style={style}>{t("noImage")}</div>;
  // eslint-disable-next-line @next/next/no-img-element -- shop media URLs, sized by the block
  return <img src={src} alt="" className={`object-cover ${className ?? ""}`} style={style} />;
}

/** A whole page, as the viewer's read-only view shows it. */
export function PagePreview({ doc, data, ctx }: { doc: { blocks: Block[] }; data: BlockData; ctx: RenderContext }) {
  return (
    <div>
      {doc.blocks.map((b) => (
        <BlockPreview key={b.id} block={b} data={data} ctx={ctx} />
      ))}
    </div>
  );
}
