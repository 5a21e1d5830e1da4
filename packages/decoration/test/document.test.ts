/**
 * Page documents: every valid document survives save → load unchanged (a
 * stored document is parsed again on every read), invalid ones are refused
 * with the field named, older versions are migrated, limits hold.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  BLOCK_DEFAULTS,
  BLOCK_TYPES,
  blockSchemas,
  countdownState,
  DOCUMENT_VERSION,
  documentRefs,
  MAX_BLOCKS,
  parseDocument,
  releaseChanges,
  stableJson,
  defaultHomeDocument,
  defaultCategoryDocument,
  type Block,
  type PageDocument,
} from "../src";
import { DEFAULT_THEME } from "../../theme/src";

const T = "11111111-1111-4111-8111-111111111111";
const uuid = fc.uuid({ version: 4 });
const image = uuid.map((id) => `/api/media/${T}/${id}`);
const text = (max: number) => fc.string({ minLength: 1, maxLength: max }).filter((s) => s.trim().length > 0 && s.trim() === s);
const link = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.constant({ kind: "home" as const }),
  uuid.map((id) => ({ kind: "product" as const, id })),
  uuid.map((id) => ({ kind: "category" as const, id })),
  fc.constantFrom("sale", "new-arrivals", "a1").map((slug) => ({ kind: "page" as const, slug })),
);
const source = fc.oneof(
  fc.record({ source: fc.constant("manual" as const), productIds: fc.array(uuid, { minLength: 1, maxLength: 5 }), categoryId: fc.constant(null) }),
  fc.record({ source: fc.constant("category" as const), productIds: fc.constant([]), categoryId: uuid }),
  fc.record({ source: fc.constantFrom("newest" as const, "bestSelling" as const), productIds: fc.constant([]), categoryId: fc.constant(null) }),
);
const count = fc.integer({ min: 1, max: 50 });

/** Valid props of each block type (as the schema outputs them: defaults filled). */
const PROPS: { [K in Block["type"]]: fc.Arbitrary<unknown> } = {
  banner: fc.record({ slides: fc.array(fc.record({ image, alt: fc.constant(""), link }), { minLength: 1, maxLength: 8 }), intervalSeconds: fc.integer({ min: 2, max: 10 }), aspect: fc.constantFrom(1, 2, 2.5) }),
  productGrid: fc.tuple(source, count, fc.constantFrom(2 as const, 3 as const), fc.constantFrom("", "精选")).map(([s, n, columns, title]) => ({ title, ...s, count: n, columns })),
  productList: fc.tuple(source, count).map(([s, n]) => ({ title: "", ...s, count: n })),
  categoryNav: fc.record({ categoryIds: fc.array(uuid, { maxLength: 5 }), style: fc.constantFrom("chips" as const, "icons" as const) }),
  noticeBar: fc.record({ text: text(120), link }),
  hotspotImage: fc.record({
    image,
    alt: fc.constant(""),
    hotspots: fc.array(
      fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1, max: 50 }), link).map(([x, y, w, h, l]) => ({ x, y, w, h, link: l })),
      { maxLength: 4 },
    ),
  }),
  richText: fc.constantFrom("<p>春茶上新</p>", "<p><strong>限时</strong> 八折</p><ul><li>一</li><li>二</li></ul>", "<h2>标题</h2><p>正文 &amp; 说明</p>").map((html) => ({ html })),
  video: fc.record({ src: fc.option(image, { nil: null }), poster: image, link, title: fc.constant("") }),
  countdown: fc.record({ title: text(30), endsAt: fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }).map((ms) => new Date(ms).toISOString()), productIds: fc.array(uuid, { maxLength: 5 }) }),
  recruitment: fc.record({ headline: text(40), body: fc.constant(""), buttonLabel: text(12), showRates: fc.boolean() }),
  spacer: fc.record({ height: fc.integer({ min: 4, max: 120 }), divider: fc.boolean() }),
};

const block = fc.constantFrom(...BLOCK_TYPES).chain((type) => PROPS[type].map((props) => ({ type, props })));
const documentArb = fc
  .tuple(fc.constantFrom("home" as const, "category" as const, "landing" as const), fc.array(block, { maxLength: 12 }), fc.constantFrom("", "春季"))
  .map(([kind, blocks, title]): PageDocument => ({
    version: DOCUMENT_VERSION,
    kind,
    ...(kind === "landing" ? { slug: "spring" } : {}),
    title,
    blocks: blocks.map((b, i) => ({ id: `b${i}`, ...b }) as Block),
  }));

describe("round trip", () => {
  test("every block type has a generator here (the list follows the registry)", () => {
    expect(Object.keys(PROPS).sort()).toEqual([...BLOCK_TYPES].sort());
  });
  test("any valid document survives save → load (JSON, key order shuffled as jsonb does) unchanged", () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const first = parseDocument(doc);
        if (!first.ok) throw new Error(JSON.stringify(first.issues));
        const stored = JSON.parse(JSON.stringify(first.doc, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
        const again = parseDocument(stored);
        expect(again.ok && stableJson(again.doc)).toBe(stableJson(first.doc));
        expect(stableJson(first.doc)).toBe(stableJson(doc));
      }),
      { numRuns: 300 },
    );
  });
  test("a document changed to an invalid value is refused at that block's field", () => {
    fc.assert(
      fc.property(documentArb.filter((d) => d.blocks.length > 0), fc.nat(), (doc, n) => {
        const i = n % doc.blocks.length;
        const broken = { ...doc, blocks: doc.blocks.map((b, j) => (j === i ? { ...b, type: "marquee" } : b)) };
        const r = parseDocument(broken);
        expect(r.ok).toBe(false);
        expect(!r.ok && r.issues[0]!.path).toEqual(["blocks", i, "type"]);
      }),
      { numRuns: 100 },
    );
  });
  test("the defaults pages are valid documents", () => {
    for (const d of [defaultHomeDocument(), defaultCategoryDocument()]) expect(parseDocument(d)).toEqual({ ok: true, doc: d });
  });
});

describe("refusals", () => {
  const one = (type: string, props: unknown) => parseDocument({ version: DOCUMENT_VERSION, kind: "home", title: "", blocks: [{ id: "x", type, props }] });
  const issue = (r: ReturnType<typeof parseDocument>) => (r.ok ? null : { path: r.issues[0]!.path.join("."), message: r.issues[0]!.message });
  test.each([
    ["noticeBar", { text: "   " }, "blocks.0.props.text", "decoration.textRequired"],
    ["banner", { slides: [] }, "blocks.0.props.slides", "decoration.slidesRequired"],
    ["banner", { slides: [{ image: "https://evil.example/x.png" }] }, "blocks.0.props.slides.0.image", "decoration.imageForeign"],
    ["productGrid", { source: "manual", productIds: [] }, "blocks.0.props.productIds", "decoration.productsRequired"],
    ["productGrid", { source: "category" }, "blocks.0.props.categoryId", "decoration.categoryRequired"],
    ["productGrid", { count: 51 }, "blocks.0.props.count", "decoration.count"],
    ["noticeBar", { text: "看", link: { kind: "product" } }, "blocks.0.props.link.id", "decoration.linkTarget"],
    ["hotspotImage", { image: `/api/media/${T}/${T}`, hotspots: [{ x: 60, y: 0, w: 50, h: 10, link: { kind: "home" } }] }, "blocks.0.props.hotspots.0", "decoration.hotspotOutside"],
    ["richText", { html: '<p onclick="steal()">hi</p>' }, "blocks.0.props.html", "decoration.richText.handler"],
    ["richText", { html: '<iframe src="https://evil.example"></iframe>' }, "blocks.0.props.html", "decoration.richText.frame"],
    ["richText", { html: '<img src="javascript:alert(1)">' }, "blocks.0.props.html", "decoration.richText.url"],
    ["countdown", { title: "秒杀", endsAt: "tomorrow" }, "blocks.0.props.endsAt", "decoration.endsAt"],
    ["marquee", {}, "blocks.0.type", "decoration.unknownBlock"],
  ])("%s %j → %s", (type, props, path, message) => {
    expect(issue(one(type, props))).toEqual({ path, message });
  });
  test("more than 50 blocks, or a document over 256 KB, is refused", () => {
    const many = Array.from({ length: MAX_BLOCKS + 1 }, (_, i) => ({ id: `s${i}`, type: "spacer", props: {} }));
    expect(issue(parseDocument({ version: DOCUMENT_VERSION, kind: "home", title: "", blocks: many }))?.message).toBe("decoration.tooManyBlocks");
    const huge = [{ id: "r", type: "richText", props: { html: `<p>${"长".repeat(90_000)}</p>` } }];
    expect(issue(parseDocument({ version: DOCUMENT_VERSION, kind: "home", title: "", blocks: huge }))?.message).toBe("decoration.documentTooLarge");
  });
  test("duplicate block ids and a slug on the home page are refused", () => {
    const dup = parseDocument({ version: DOCUMENT_VERSION, kind: "home", title: "", blocks: [{ id: "a", type: "spacer" }, { id: "a", type: "spacer" }] });
    expect(issue(dup)).toEqual({ path: "blocks.1.id", message: "decoration.blockIdTaken" });
    expect(issue(parseDocument({ version: DOCUMENT_VERSION, kind: "home", slug: "x", title: "", blocks: [] }))?.message).toBe("page.slugOnlyLanding");
    expect(issue(parseDocument({ version: DOCUMENT_VERSION, kind: "landing", slug: "cart", title: "", blocks: [] }))?.message).toBe("page.slugReserved");
  });
});

describe("migrations", () => {
  test("a version-1 document (sections, a grid's `products`) reads as the current version", () => {
    const v1 = { version: 1, kind: "home", title: "旧", sections: [{ id: "g", type: "productGrid", props: { products: [T], count: 3 } }, { id: "s", type: "spacer", props: {} }] };
    const r = parseDocument(v1);
    expect(r.ok).toBe(true);
    const doc = (r as { doc: PageDocument }).doc;
    expect(doc.version).toBe(DOCUMENT_VERSION);
    expect(doc).not.toHaveProperty("sections");
    expect(doc.blocks[0]).toMatchObject({ type: "productGrid", props: { source: "manual", productIds: [T], count: 3 } });
  });
});

describe("rich text", () => {
  test("formatting is kept, anything else is unwrapped or dropped, output is always safe", () => {
    const r = blockSchemas.richText.parse({ html: '<p class="x">春 <a href="/p/1">茶</a> <b>好</b></p>' });
    expect(r.html).toBe("<p>春 茶 <b>好</b></p>");
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const out = blockSchemas.richText.safeParse({ html: `<p>${s}</p>` });
        if (out.success) expect(out.data.html).not.toMatch(/<script|on\w+=|javascript:/i);
      }),
    );
  });
});

describe("references, countdown and release history", () => {
  test("documentRefs finds every product, category, page and picture", () => {
    const doc = parseDocument({
      version: DOCUMENT_VERSION,
      kind: "home",
      title: "",
      blocks: [
        { id: "b", type: "banner", props: { slides: [{ image: `/api/media/${T}/${T}`, link: { kind: "page", slug: "sale" } }] } },
        { id: "g", type: "productGrid", props: { source: "category", categoryId: T } },
        { id: "c", type: "countdown", props: { title: "秒杀", endsAt: "2030-01-01T00:00:00Z", productIds: [T] } },
      ],
    });
    expect(doc.ok && documentRefs(doc.doc)).toEqual({ productIds: [T], categoryIds: [T], pageSlugs: ["sale"], images: [`/api/media/${T}/${T}`] });
  });
  test("a countdown says ended once its time has passed", () => {
    expect(countdownState("2030-01-01T00:00:00Z", Date.parse("2029-12-31T23:00:00Z"))).toMatchObject({ ended: false, hours: 1, minutes: 0 });
    expect(countdownState("2030-01-01T00:00:00Z", Date.parse("2030-01-01T00:00:00Z")).ended).toBe(true);
  });
  test("release changes count blocks added, removed and edited per page", () => {
    const before = { theme: DEFAULT_THEME, pages: [defaultHomeDocument()], settings: { name: "茶", description: "" } };
    const home = defaultHomeDocument();
    home.blocks = [{ id: "n", type: "noticeBar", props: { text: "新", link: { kind: "none" } } }, { ...home.blocks[1]!, props: { ...home.blocks[1]!.props, count: 8 } } as Block];
    const after = { theme: { ...DEFAULT_THEME, primary: "#000000" }, pages: [home], settings: { name: "茶", description: "" } };
    expect(releaseChanges(before, after)).toEqual({
      theme: ["primary"],
      settings: [],
      pages: [{ key: "home", title: "", status: "changed", change: { added: 1, removed: 1, edited: 1, moved: false } }],
    });
    expect(releaseChanges(null, before).pages[0]!.status).toBe("added");
  });
  test("BLOCK_DEFAULTS name every block type", () => {
    expect(Object.keys(BLOCK_DEFAULTS).sort()).toEqual([...BLOCK_TYPES].sort());
  });
});
