/** Industry starter templates (tenants/*.json, PRODUCT.md §2.5): every shipped one loads; broken ones fail loudly. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { toPlan } from "../../commission/src/config";
import { marginGuardViolations } from "../../commission/src/engine";
import { sniffImage } from "../../catalog/src/image";
import { TEMPLATES_DIR, getTemplate, loadTemplates, parseTemplate, templateDistribution, templateImageBytes, templatePageImages, templatePages, type Template } from "./index";

const shippedFiles = fs.readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith(".json")).sort();
const raw = (file: string) => JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), "utf8")) as Template;

/** A valid template to break one thing at a time (the first shipped one, deep-copied). */
function base(): Template {
  return structuredClone(raw(shippedFiles[0]!));
}

function rejection(t: unknown, source = "broken.json"): string {
  try {
    parseTemplate(t, source);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the template to be rejected");
}

const tmpDirs: string[] = [];
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe("shipped templates", () => {
  test("the tenants/ directory ships templates (tea, cosmetics and fresh among them)", () => {
    expect(shippedFiles.length).toBeGreaterThanOrEqual(3);
    expect(shippedFiles).toEqual(expect.arrayContaining(["tea.json", "cosmetics.json", "fresh.json"]));
  });

  test("every file loads, under the key named by its file", () => {
    const all = loadTemplates();
    expect([...all.keys()].sort()).toEqual(shippedFiles.map((f) => path.basename(f, ".json")).sort());
    for (const [key, t] of all) expect(getTemplate(key)).toBe(t);
    expect(getTemplate("no-such-template")).toBeUndefined();
  });

  test.each(shippedFiles)("%s is a usable shop: hard rules hold", (file) => {
    const t = parseTemplate(raw(file), file);
    expect(t.commission.levels).toBeLessThanOrEqual(3);
    expect(t.commission.ratesBps).toHaveLength(t.commission.levels);
    expect(t.levels).toHaveLength(5);
    for (const p of t.products) {
      for (const s of p.skus) {
        expect(Number.isInteger(s.priceFen) && Number.isInteger(s.costFen), `${p.key}/${s.code}: money is integer fen`).toBe(true);
        expect(s.costFen, `${p.key}/${s.code}`).toBeLessThan(s.priceFen);
      }
    }
    // Every SKU code is unique across the template (they become product_skus codes of one tenant).
    const codes = t.products.flatMap((p) => p.skus.map((s) => s.code));
    expect(new Set(codes).size).toBe(codes.length);
  });

  // PRODUCT.md §4.5: a new shop must be able to save its plan unchanged, so the
  // template's own plan passes the margin guard the console checks (same code).
  test.each(shippedFiles)("%s: its commission plan passes its own margin guard on every product", (file) => {
    const t = parseTemplate(raw(file), file);
    const plan = toPlan(templateDistribution(t).programme, []);
    const catalogue = t.products.map((p) => ({ productId: p.key, name: p.name, categoryId: p.category, skus: p.skus }));
    expect(marginGuardViolations(plan, catalogue)).toEqual([]);
  });

  test.each(shippedFiles)("%s: a decorated home and a landing page, valid documents whose references are the template's own", (file) => {
    const t = parseTemplate(raw(file), file);
    const pages = templatePages(t, { product: (k) => `00000000-0000-4000-8000-${k.length.toString().padStart(12, "0")}`, category: () => "00000000-0000-4000-8000-000000000001", image: () => "/api/media/00000000-0000-4000-8000-000000000002/00000000-0000-4000-8000-000000000003" });
    expect(pages.map((p) => p.kind)).toEqual(expect.arrayContaining(["home", "landing"]));
    expect(pages.find((p) => p.kind === "home")!.blocks.length).toBeGreaterThanOrEqual(4);
    for (const img of templatePageImages(t)) expect(sniffImage(templateImageBytes(img)), img).not.toBeNull();
    expect(t.theme.tabBar?.length ?? 4).toBeLessThanOrEqual(5);
  });

  test("a page naming a product the template lacks, a foreign picture or a bad block fails loudly", () => {
    const t = base();
    const home = () => (t.pages as { kind: string; blocks: { type: string; props: Record<string, unknown> }[] }[]).find((p) => p.kind === "home")!;
    const grid = home().blocks.find((b) => b.type === "productGrid" && b.props.source === "manual")!;
    grid.props.productIds = ["@product:no-such-tea"];
    expect(rejection(t)).toMatch(/no-such-tea/);
    const u = base();
    (u.pages as { blocks: unknown[] }[])[0]!.blocks.push({ id: "x", type: "marquee", props: {} });
    expect(rejection(u)).toMatch(/unknownBlock/);
    const v = base();
    v.theme.primaryForeground = v.theme.primary;
    expect(rejection(v)).toMatch(/contrast/);
  });

  test.each(shippedFiles)("%s: every product ships at least one real picture (PNG, JPEG or WebP, modest size), no emoji", (file) => {
    const t = parseTemplate(raw(file), file);
    for (const p of t.products) {
      expect(p.images.length, p.key).toBeGreaterThan(0);
      expect("emoji" in (raw(file).products.find((x) => x.key === p.key) as object), `${p.key} still has an emoji`).toBe(false);
      for (const img of p.images) {
        const bytes = templateImageBytes(img);
        expect(sniffImage(bytes), `${p.key}: ${img}`).not.toBeNull();
        expect(bytes.byteLength, `${p.key}: ${img}`).toBeLessThan(80 * 1024);
      }
    }
    // One picture per product, not the same file everywhere.
    expect(new Set(t.products.map((p) => p.images[0])).size).toBe(t.products.length);
  });

  test("a picture path cannot leave the templates folder", () => {
    expect(() => templateImageBytes("../package.json")).toThrow(/outside/);
  });
});

describe("a broken template is rejected with a message naming the problem", () => {
  test("a 4th commission level (PRODUCT.md §4.3 hard rule)", () => {
    const t = base();
    t.commission = { levels: 4, ratesBps: [1000, 500, 300, 100] } as unknown as Template["commission"];
    const msg = rejection(t, "four-levels.json");
    expect(msg).toContain("four-levels.json");
    expect(msg).toContain("commission.levels");
    expect(msg).toContain("commission.ratesBps");
  });

  test("three levels with a fourth rate", () => {
    const t = base();
    t.commission = { levels: 3, ratesBps: [1000, 500, 300, 100] };
    expect(rejection(t)).toContain("commission.ratesBps");
  });

  test("fewer rates than levels", () => {
    const t = base();
    t.commission = { levels: 3, ratesBps: [1000, 500] };
    expect(rejection(t)).toMatch(/one rate per level/);
  });

  test.each([
    ["equal to", 0],
    ["above", 1],
  ])("a SKU whose cost is %s its price, naming product and SKU", (_how, extra) => {
    const t = base();
    const p = t.products[1]!;
    const s = p.skus[0]!;
    s.costFen = s.priceFen + extra;
    const msg = rejection(t);
    expect(msg).toContain(`${p.key}/${s.code}`);
    expect(msg).toMatch(/cost must be below price/);
  });

  test("a missing spec combination, naming the product", () => {
    const t = base();
    const p = t.products.find((x) => x.specs.length > 0 && x.skus.length > 1)!;
    expect(p, "the base template needs a product with specs").toBeDefined();
    const combos = p.specs.reduce((n, s) => n * s.values.length, 1);
    p.skus.pop();
    const msg = rejection(t);
    expect(msg).toContain(p.key);
    expect(msg).toContain(`${combos - 1} SKUs for ${combos} spec combinations`);
  });

  test("a two-dimension product missing one cell of the grid (duplicated instead), naming the product", () => {
    const t = base();
    const p = t.products[0]!;
    p.specs = [
      { name: "规格", values: ["50g", "100g"] },
      { name: "包装", values: ["罐装", "礼盒"] },
    ];
    p.skus = [
      { code: "GRID-1", spec: ["50g", "罐装"], priceFen: 1000, costFen: 500, stock: 1 },
      { code: "GRID-2", spec: ["50g", "礼盒"], priceFen: 1000, costFen: 500, stock: 1 },
      { code: "GRID-3", spec: ["100g", "罐装"], priceFen: 1000, costFen: 500, stock: 1 },
      { code: "GRID-4", spec: ["100g", "罐装"], priceFen: 1000, costFen: 500, stock: 1 },
    ];
    const msg = rejection(t);
    expect(msg).toContain(`${p.key}/GRID-4: duplicate spec combination`);
    // The complete grid is accepted.
    p.skus[3]!.spec = ["100g", "礼盒"];
    expect(() => parseTemplate(t)).not.toThrow();
  });

  test("a SKU whose spec value is not one of the product's", () => {
    const t = base();
    const p = t.products.find((x) => x.specs.length > 0)!;
    p.skus[0]!.spec = ["不存在的规格"];
    expect(rejection(t)).toContain(`${p.key}/${p.skus[0]!.code}: spec does not match`);
  });

  test("a product in an unknown category, naming the product and the category", () => {
    const t = base();
    const p = t.products[2]!;
    p.category = "jewelry";
    const msg = rejection(t);
    expect(msg).toContain(p.key);
    expect(msg).toContain("unknown category jewelry");
  });

  test("duplicate SKU codes across products", () => {
    const t = base();
    t.products[1]!.skus[0]!.code = t.products[0]!.skus[0]!.code;
    expect(rejection(t)).toContain(`duplicate SKU code ${t.products[0]!.skus[0]!.code}`);
  });

  test("money in yuan (a float) instead of integer fen", () => {
    const t = base();
    t.products[0]!.skus[0]!.priceFen = 168.5;
    expect(rejection(t)).toMatch(/products\.0\.skus\.0\.priceFen/);
  });

  test("not five distributor levels", () => {
    const t = base();
    t.levels = t.levels.slice(0, 4);
    expect(rejection(t)).toContain("levels");
  });

  test("an unmodified copy is accepted (the rejections above are about the change)", () => {
    expect(parseTemplate(base()).key).toBe(base().key);
  });
});

describe("loading a directory", () => {
  function dirWith(files: Record<string, unknown>): string {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), "fx-templates-"));
    tmpDirs.push(d);
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(d, name), JSON.stringify(content));
    fs.cpSync(path.join(TEMPLATES_DIR, "images"), path.join(d, "images"), { recursive: true });
    return d;
  }

  test("a product whose picture file is missing or not an image fails the load, naming the product", () => {
    const t = base();
    t.products[0]!.images = [`images/${t.key}/no-such-picture.webp`];
    expect(() => loadTemplates(dirWith({ [`${t.key}.json`]: t }))).toThrow(new RegExp(`${t.products[0]!.key} image .*no-such-picture`));
    const d = dirWith({ [`${base().key}.json`]: base() });
    fs.writeFileSync(path.join(d, base().products[0]!.images[0]!), "<svg/>");
    expect(() => loadTemplates(d)).toThrow(/not a PNG, JPEG or WebP/);
  });

  test("a broken file fails the whole load, naming the file", () => {
    const broken = base();
    broken.commission = { levels: 4, ratesBps: [1, 1, 1, 1] } as unknown as Template["commission"];
    const d = dirWith({ [`${base().key}.json`]: base(), "pyramid.json": { ...broken, key: "pyramid" } });
    expect(() => loadTemplates(d)).toThrow(/pyramid\.json/);
  });

  test("a file whose key differs from its name is refused", () => {
    const d = dirWith({ "renamed.json": base() });
    expect(() => loadTemplates(d)).toThrow(/renamed\.json has key/);
  });

  test("a valid directory loads every file", () => {
    const d = dirWith({ [`${base().key}.json`]: base(), "other.json": { ...base(), key: "other" }, "notes.txt": "ignored" });
    expect([...loadTemplates(d).keys()].sort()).toEqual([base().key, "other"].sort());
  });
});
