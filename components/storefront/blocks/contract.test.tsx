/**
 * The H5 side of the decoration contract: every block type the decoration
 * package defines (found in BLOCK_TYPES, so a new type is covered without
 * editing this file's loop) has a renderer, and a valid block of it renders
 * something a shopper sees.
 */
import { renderToStaticMarkup } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import { describe, expect, test } from "vitest";
import { BLOCK_TYPES, parseDocument, type BlockData, type BlockType, type PageDocument } from "@/packages/decoration/src";
import { MESSAGES } from "@/packages/i18n/src";
import { H5_RENDERERS, PageView, type H5Context } from "./index";

const T = "0b7f5f34-6a1c-4d2e-9a51-1f2a3b4c5d6e";
const img = (n: number) => `/api/media/${T}/${String(n).padStart(8, "0")}-0000-4000-8000-000000000000`;
const P1 = "11111111-1111-4111-8111-111111111111";
const P2 = "22222222-2222-4222-8222-222222222222";
const C1 = "33333333-3333-4333-8333-333333333333";
const NOW = Date.parse("2026-06-01T00:00:00Z");

const data: BlockData = {
  products: {
    grid: [
      { id: P1, name: "明前龙井", image: img(1), minPriceFen: 12800, soldOut: false },
      { id: P2, name: "大红袍", image: null, minPriceFen: 9900, soldOut: true },
    ],
    list: [{ id: P2, name: "大红袍", image: img(2), minPriceFen: 9900, soldOut: false }],
    sale: [{ id: P1, name: "明前龙井", image: img(1), minPriceFen: 12800, soldOut: false }],
    past: [],
  },
  categories: [{ id: C1, name: "绿茶", image: null }],
  pages: { "new-season": "春茶上新" },
  recruitment: { level1Bp: 1250, level2Bp: 500 },
};

type Fixture = { id: string; props: Record<string, unknown>; sees: (html: string) => void };
/** A valid block of every type and what a shopper reads in it (the mapped type fails to compile when a type is missing). */
const FIXTURES: { [K in BlockType]: Fixture[] } = {
  banner: [
    { id: "one", props: { slides: [{ image: img(3), alt: "春茶", link: { kind: "page", slug: "new-season" } }] }, sees: (h) => expect(h).toContain('href="/s/tea/pages/new-season"') },
    {
      id: "two",
      props: { slides: [{ image: img(3), alt: "春茶" }, { image: img(4), alt: "绿茶", link: { kind: "category", id: C1 } }], aspect: 2.5 },
      sees: (h) => {
        expect(h).toContain('alt="绿茶"');
        expect(h).toContain(`href="/s/tea/search?c=${C1}"`);
        expect(h).toContain("第 2 张，共 2 张");
      },
    },
  ],
  productGrid: [{ id: "grid", props: { title: "本季推荐", source: "manual", productIds: [P1, P2] }, sees: (h) => expect(h).toMatch(/本季推荐[\s\S]*明前龙井[\s\S]*¥128\.00[\s\S]*大红袍[\s\S]*已售罄/) }],
  productList: [{ id: "list", props: { source: "bestSelling", count: 3 }, sees: (h) => expect(h).toMatch(new RegExp(`href="/s/tea/p/${P2}"[\\s\\S]*大红袍[\\s\\S]*¥99\\.00`)) }],
  categoryNav: [
    { id: "nav", props: { style: "icons" }, sees: (h) => expect(h).toMatch(new RegExp(`href="/s/tea/search\\?c=${C1}"[\\s\\S]*绿茶`)) },
    { id: "chips", props: { categoryIds: [C1] }, sees: (h) => expect(h).toMatch(/全部[\s\S]*绿茶/) },
  ],
  noticeBar: [{ id: "notice", props: { text: "满 199 元包邮", link: { kind: "search" } }, sees: (h) => expect(h).toMatch(/href="\/s\/tea\/search"[\s\S]*满 199 元包邮/) }],
  hotspotImage: [
    {
      id: "spots",
      props: { image: img(5), alt: "茶具", hotspots: [{ x: 0, y: 0, w: 50, h: 100, link: { kind: "product", id: P1 } }] },
      sees: (h) => {
        expect(h).toContain(`href="/s/tea/p/${P1}"`);
        expect(h).toContain("left:0%");
        expect(h).toContain("热区 1");
      },
    },
  ],
  richText: [
    {
      id: "text",
      props: { html: "<h2>明前茶</h2><p>一年<strong>只此一季</strong></p>" },
      sees: (h) => {
        expect(h).toContain("<h2>明前茶</h2>");
        expect(h).toContain("<strong>只此一季</strong>");
      },
    },
  ],
  video: [
    { id: "clip", props: { src: img(6), poster: img(7), title: "采茶" }, sees: (h) => expect(h).toMatch(new RegExp(`<video[^>]*src="${img(6)}"[^>]*poster="${img(7)}"`)) },
    { id: "poster", props: { poster: img(7), link: { kind: "distribution" } }, sees: (h) => expect(h).toMatch(new RegExp(`href="/s/tea/me/distribution"[\\s\\S]*src="${img(7)}"`)) },
  ],
  countdown: [
    {
      id: "sale",
      props: { title: "限时特惠", endsAt: "2026-06-03T04:05:06.000Z", productIds: [P1] },
      sees: (h) => {
        expect(h).toContain("限时特惠");
        expect(h).toMatch(/>2<\/span><span>天[\s\S]*>04<\/span><span>时[\s\S]*>05<\/span><span>分[\s\S]*>06<\/span><span>秒/);
        expect(h).toContain("明前龙井");
        expect(h).not.toContain("已结束");
      },
    },
    { id: "past", props: { title: "早春特惠", endsAt: "2026-05-01T00:00:00.000Z" }, sees: (h) => expect(h).toMatch(/早春特惠[\s\S]*已结束/) },
  ],
  recruitment: [
    {
      id: "join",
      props: { headline: "成为推广员", body: "分享赚佣金", buttonLabel: "立即加入" },
      sees: (h) => {
        expect(h).toMatch(/成为推广员[\s\S]*分享赚佣金[\s\S]*一级佣金[\s\S]*12\.5%[\s\S]*二级佣金[\s\S]*5%/);
        expect(h).toMatch(/href="\/s\/tea\/me\/distribution"[^>]*>立即加入/);
      },
    },
  ],
  spacer: [{ id: "gap", props: { height: 24, divider: true }, sees: (h) => expect(h).toMatch(/height:24px[\s\S]*<hr/) }],
};

const ctx: H5Context = { base: "/s/tea", locale: "zh-CN", now: NOW };

function render(doc: PageDocument, c: H5Context = ctx) {
  return renderToStaticMarkup(
    <NextIntlClientProvider locale={c.locale} messages={MESSAGES[c.locale]} timeZone="Asia/Shanghai">
      <PageView doc={doc} data={data} ctx={c} />
    </NextIntlClientProvider>,
  );
}

function docOf(type: string, f: Fixture): PageDocument {
  const parsed = parseDocument({ version: 2, kind: "home", title: "", blocks: [{ id: f.id, type, props: f.props }] });
  if (!parsed.ok) throw new Error(`fixture ${type}/${f.id} is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.doc;
}

describe("every block type has an H5 renderer", () => {
  test.each(BLOCK_TYPES)("%s", (type) => {
    expect(H5_RENDERERS[type], `H5_RENDERERS.${type}`).toBeTypeOf("function");
    const fixtures = (FIXTURES as Record<string, Fixture[] | undefined>)[type];
    expect(fixtures?.length, `a fixture of ${type} in contract.test.tsx`).toBeGreaterThan(0);
    for (const f of fixtures!) {
      const html = render(docOf(type, f));
      expect(html).toContain(`data-block-type="${type}" data-block-id="${f.id}"`);
      f.sees(html);
    }
  });
});

describe("a page", () => {
  const all = () => {
    const blocks = BLOCK_TYPES.flatMap((type) => FIXTURES[type].map((f) => docOf(type, f).blocks[0]!));
    return { version: 2, kind: "home", title: "", blocks } as PageDocument;
  };
  test("renders its blocks in order; only the first block's pictures load at once", () => {
    const doc = all();
    const html = render(doc);
    const order = [...html.matchAll(/data-block-id="([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(doc.blocks.map((b) => b.id));
    expect(html.match(/loading="eager"/g)).toHaveLength(1);
    expect(html).toMatch(/data-block-id="one"[^]*?loading="eager"/);
  });
  test("a preview keeps its token on every link inside", () => {
    const html = render(all(), { ...ctx, preview: true, previewToken: "tok.en/1" });
    const hrefs = [...html.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, "&"));
    expect(hrefs.length).toBeGreaterThan(10);
    for (const h of hrefs) expect(h).toMatch(/[?&]preview=tok\.en%2F1$/);
  });
  test("on the shop's own host links start at the root, and English reads English", () => {
    const html = render(docOf("countdown", FIXTURES.countdown[1]!), { ...ctx, base: "", locale: "en" });
    expect(html).toContain("Ended");
    const nav = render(docOf("noticeBar", FIXTURES.noticeBar[0]!), { ...ctx, base: "" });
    expect(nav).toContain('href="/search"');
  });
  test("rich text is cleaned again before it is drawn", () => {
    const doc = docOf("richText", FIXTURES.richText[0]!);
    (doc.blocks[0]!.props as { html: string }).html = '<p onclick="x()">hi</p><script>alert(1)</script><img src="javascript:x">';
    const html = render(doc);
    expect(html).toContain("<p>hi</p>");
    expect(html).not.toMatch(/onclick|<script|javascript:/);
  });
});
