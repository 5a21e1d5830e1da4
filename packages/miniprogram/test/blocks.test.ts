// @vitest-environment happy-dom
/**
 * Each block type's mini-program component, rendered from fixture documents
 * by miniprogram-simulate from the built template: the texts, pictures and
 * links a shopper gets, as the H5 contract test checks the H5 renderers.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { BLOCK_TYPES, parseDocument, type PageDocument } from "../../decoration/src";
import { blockComponentName } from "../template/lib/blocks";
import { API, C1, DATA, img, NOW, P1, P2, type Fixture, type Fixtures } from "./fixtures";
import { buildForTest, mount } from "./render";

const env = { apiBase: API, locale: "zh-CN", now: NOW };
const abs = (p: string) => `${API}${p}`;

const FIXTURES: Fixtures = {
  banner: [
    {
      id: "one",
      props: { slides: [{ image: img(3), alt: "春茶", link: { kind: "page", slug: "new-season" } }, { image: img(4), alt: "", link: { kind: "category", id: C1 } }] },
      sees: (s) => {
        expect(s.images).toEqual([abs(img(3)), abs(img(4))]);
        expect(s.links).toEqual(["/pages/landing/index?slug=new-season", `/pages/search/index?c=${C1}`]);
        expect(s.html).toContain("第 2 张，共 2 张");
      },
    },
  ],
  productGrid: [
    {
      id: "grid",
      props: { title: "本季推荐", source: "manual", productIds: [P1, P2] },
      sees: (s) => {
        expect(s.text).toMatch(/本季推荐[\s\S]*明前龙井[\s\S]*¥128\.00[\s\S]*大红袍[\s\S]*¥99\.00[\s\S]*已售罄/);
        expect(s.images).toEqual([abs(img(1))]);
        expect(s.links).toEqual([`/pages/product/index?id=${P1}`, `/pages/product/index?id=${P2}`]);
      },
    },
  ],
  productList: [
    {
      id: "list",
      props: { source: "bestSelling", count: 3 },
      sees: (s) => {
        expect(s.text).toMatch(/大红袍[\s\S]*¥99\.00/);
        expect(s.text).not.toContain("已售罄");
        expect(s.links).toEqual([`/pages/product/index?id=${P2}`]);
      },
    },
  ],
  categoryNav: [
    { id: "chips", props: { categoryIds: [C1] }, sees: (s) => (expect(s.text).toMatch(/全部[\s\S]*绿茶/), expect(s.links).toEqual(["/pages/search/index", `/pages/search/index?c=${C1}`])) },
    { id: "icons", props: { style: "icons" }, sees: (s) => (expect(s.text).not.toContain("全部"), expect(s.links).toEqual([`/pages/search/index?c=${C1}`])) },
  ],
  noticeBar: [{ id: "notice", props: { text: "满 199 元包邮", link: { kind: "search" } }, sees: (s) => (expect(s.text).toContain("满 199 元包邮"), expect(s.links).toEqual(["/pages/search/index"])) }],
  hotspotImage: [
    {
      id: "spots",
      props: { image: img(5), alt: "茶具", hotspots: [{ x: 0, y: 0, w: 50, h: 100, link: { kind: "product", id: P1 } }, { x: 50, y: 0, w: 50, h: 100, link: { kind: "none" } }] },
      sees: (s) => {
        expect(s.images).toEqual([abs(img(5))]);
        expect(s.links).toEqual([`/pages/product/index?id=${P1}`]);
        expect(s.html).toContain("left:0%;top:0%;width:50%;height:100%");
        expect(s.html).toContain("热区 1");
      },
    },
  ],
  richText: [
    {
      id: "text",
      props: { html: `<h2>明前茶</h2><p>一年<strong>只此一季</strong></p><p><img src="${img(8)}" alt=""></p>` },
      sees: (s) => {
        expect(s.text).toContain("<h2>明前茶</h2>");
        expect(s.text).toContain("<strong>只此一季</strong>");
        expect(s.text).toContain(`src="${abs(img(8))}"`);
      },
    },
  ],
  video: [
    { id: "clip", props: { src: img(6), poster: img(7), title: "采茶" }, sees: (s) => (expect(s.images).toEqual([abs(img(6)), abs(img(7))]), expect(s.text).toContain("采茶"), expect(s.links).toEqual([])) },
    { id: "poster", props: { poster: img(7), link: { kind: "distribution" } }, sees: (s) => (expect(s.images).toEqual([abs(img(7))]), expect(s.links).toEqual(["/pages/distribution/index"])) },
  ],
  countdown: [
    {
      id: "sale",
      props: { title: "限时特惠", endsAt: "2026-06-03T04:05:06.000Z", productIds: [P1] },
      sees: (s) => {
        expect(s.text).toMatch(/限时特惠[\s\S]*2 天 04 时 05 分 06 秒[\s\S]*明前龙井/);
        expect(s.text).not.toContain("已结束");
        expect(s.links).toEqual([`/pages/product/index?id=${P1}`]);
      },
    },
    { id: "past", props: { title: "早春特惠", endsAt: "2026-05-01T00:00:00.000Z" }, sees: (s) => expect(s.text).toMatch(/早春特惠[\s\S]*已结束/) },
  ],
  recruitment: [
    {
      id: "join",
      props: { headline: "成为推广员", body: "分享赚佣金", buttonLabel: "立即加入" },
      sees: (s) => {
        expect(s.text).toMatch(/成为推广员[\s\S]*分享赚佣金[\s\S]*一级佣金[\s\S]*12\.5%[\s\S]*二级佣金[\s\S]*5%[\s\S]*立即加入/);
        expect(s.links).toEqual(["/pages/distribution/index"]);
      },
    },
    { id: "norates", props: { headline: "成为推广员", buttonLabel: "加入", showRates: false }, sees: (s) => expect(s.text).not.toContain("一级佣金") },
  ],
  spacer: [{ id: "gap", props: { height: 24, divider: true }, sees: (s) => (expect(s.html).toContain("height: 48rpx"), expect(s.html).toContain('"divider"')) }],
};

function docOf(type: string, f: Fixture): PageDocument {
  const parsed = parseDocument({ version: 2, kind: "home", title: "", blocks: [{ id: f.id, type, props: f.props }] });
  if (!parsed.ok) throw new Error(`fixture ${type}/${f.id} is invalid: ${JSON.stringify(parsed.issues)}`);
  return parsed.doc;
}

let out = "";
beforeAll(async () => {
  out = await buildForTest();
}, 120_000);

describe("every block type's component draws its block (miniprogram-simulate)", () => {
  test.each(BLOCK_TYPES)("%s", (type) => {
    const fixtures = (FIXTURES as Record<string, Fixture[] | undefined>)[type];
    expect(fixtures?.length, `a fixture of ${type} in packages/miniprogram/test/blocks.test.ts`).toBeGreaterThan(0);
    for (const f of fixtures!) {
      const block = docOf(type, f).blocks[0]!;
      const { seen } = mount(out, blockComponentName(type), { block, blockData: DATA, env });
      const s = seen();
      expect(s.html).toContain(`"data-block-type","value":"${type}"`);
      f.sees(s);
    }
  });
});

describe("a page (<block-page>)", () => {
  const all = (): PageDocument => ({ version: 2, kind: "home", title: "", blocks: BLOCK_TYPES.flatMap((t) => FIXTURES[t].map((f) => docOf(t, f).blocks[0]!)) });
  test("draws every block in the document's order, each through its own component", () => {
    const doc = all();
    const { seen } = mount(out, "block-page", { doc, blockData: DATA, env });
    const html = seen().html;
    const order = [...html.matchAll(/"data-block-id","value":"([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(doc.blocks.map((b) => b.id));
    for (const t of BLOCK_TYPES) expect(html).toContain(`"tagName":"${blockComponentName(t)}"`);
  });
  test("English reads English; an empty page says so", () => {
    const { seen } = mount(out, "block-countdown", { block: docOf("countdown", FIXTURES.countdown[1]!).blocks[0], blockData: DATA, env: { ...env, locale: "en" } });
    expect(seen().text).toContain("Ended");
    expect(mount(out, "block-page", { doc: { blocks: [] }, blockData: null, env }).seen().text).toContain("这里还没有内容");
  });
  test("a block type the template does not know draws nothing (an older package on a newer release)", () => {
    const { seen } = mount(out, "block-page", { doc: { blocks: [{ id: "x", type: "hologram", props: {} }] }, blockData: DATA, env });
    expect(seen().text.trim()).toBe("");
  });
});
