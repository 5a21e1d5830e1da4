import { openDatabase } from "../../packages/db/src/client";
import { withContext } from "../../packages/db/src/context";
import { draftContent, liveContent, publish, putDrafts } from "../../packages/db/src/queries/design";
import { DOCUMENT_VERSION, type Block, type PageDocument } from "../../packages/decoration/src";
import { ensureDemo } from "./demo";
import type { BenchContext } from "./types";

/**
 * A decorated home of `blocks` blocks (two product grids of 20 products
 * among them, the rest every other block type in turn), built from a shop's
 * own products and pictures.
 */
export function decoratedHome(productIds: string[], image: string, categoryId: string | null, blocks = 20, kind: PageDocument["kind"] = "home", slug?: string): PageDocument {
  const others: Omit<Block, "id">[] = [
    { type: "banner", props: { slides: [{ image, alt: "", link: { kind: "home" } }, { image, alt: "", link: { kind: "none" } }], intervalSeconds: 4, aspect: 2 } },
    { type: "noticeBar", props: { text: "新品上市，满 199 元包邮", link: { kind: "none" } } },
    { type: "categoryNav", props: { categoryIds: [], style: "chips" } },
    { type: "richText", props: { html: "<h2>本季好茶</h2><p>清明前采摘的<strong>头采嫩芽</strong>，香气清高。</p>" } },
    { type: "countdown", props: { title: "限时特惠", endsAt: "2030-01-01T00:00:00.000Z", productIds: productIds.slice(0, 2) } },
    { type: "recruitment", props: { headline: "成为推广员", body: "分享即赚佣金", buttonLabel: "立即加入", showRates: true } },
    { type: "productList", props: { title: "热销", source: "bestSelling", productIds: [], categoryId: null, count: 5 } },
    { type: "hotspotImage", props: { image, alt: "", hotspots: [{ x: 0, y: 0, w: 50, h: 50, link: { kind: "product", id: productIds[0]! } }] } },
    { type: "video", props: { src: null, poster: image, link: { kind: "none" }, title: "" } },
    { type: "spacer", props: { height: 16, divider: true } },
    ...(categoryId ? [{ type: "productList" as const, props: { title: "绿茶", source: "category" as const, productIds: [], categoryId, count: 4 } }] : []),
  ] as Omit<Block, "id">[];
  const out: Block[] = [
    { id: "grid-picks", type: "productGrid", props: { title: "精选", source: "manual", productIds: productIds.slice(0, 20), categoryId: null, count: 20, columns: 2 } },
    { id: "grid-new", type: "productGrid", props: { title: "新品", source: "newest", productIds: [], categoryId: null, count: 20, columns: 2 } },
  ];
  for (let i = 0; out.length < blocks; i++) out.splice(Math.min(out.length, 1 + (i % out.length)), 0, { id: `b${i}`, ...others[i % others.length]! } as Block);
  return { version: DOCUMENT_VERSION, kind, ...(slug ? { slug } : {}), title: slug ?? "", blocks: out };
}

/** Publishes tea's decorated home (once a run) and returns it. */
export function ensureDecoratedTea(ctx: BenchContext) {
  return ctx.once("decorated-tea", async () => {
    const demo = await ensureDemo(ctx);
    const d = await openDatabase({ kind: "postgres", url: ctx.url, max: 1 });
    try {
      return await withContext(d.db, { tenantId: demo.teaId, userId: demo.ownerId }, async (tx) => {
        const live = await liveContent(tx, demo.teaId);
        const image = findImage(live.content.pages);
        const ids = (await ctx.sql<{ id: string }[]>`select id::text as id from products where tenant_id = ${demo.teaId} and status = 'on_sale' order by sort limit 20`).map((r) => r.id);
        const [cat] = await ctx.sql<{ id: string }[]>`select id::text as id from categories where tenant_id = ${demo.teaId} order by sort limit 1`;
        const drafts = await draftContent(tx, demo.teaId);
        const home = decoratedHome(ids, image, cat?.id ?? null);
        await putDrafts(tx, demo.teaId, demo.ownerId, drafts.theme, [home, ...drafts.pages.filter((p) => p.kind !== "home")]);
        await publish(tx, demo.teaId, demo.ownerId, "bench");
        return home;
      });
    } finally {
      await d.close();
    }
  });
}

export function findImage(pages: PageDocument[]): string {
  const m = /\/api\/media\/[0-9a-f-]{36}\/[0-9a-f-]{36}/i.exec(JSON.stringify(pages));
  if (!m) throw new Error("the shop's live pages have no picture of its own to decorate with");
  return m[0];
}
