import { describe, expect, it } from "vitest";
import { DEFAULT_THEME } from "../../theme/src";
import { defaultCategoryDocument, defaultHomeDocument } from "./defaults";
import { canonicalJson, type PageDocument } from "./document";
import { releaseChanges, type ReleaseContent } from "./release";

/** Every object's keys reversed: the order a jsonb column hands a document back in differs from the schema's. */
const reordered = <T>(v: T): T => JSON.parse(JSON.stringify(v), (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).reverse()) : x)) as T;

const content = (pages: PageDocument[]): ReleaseContent => ({ theme: DEFAULT_THEME, pages, settings: { name: "茶", description: "" } });

describe("release changes", () => {
  it("an unchanged page read back with its keys in another order changed nothing", () => {
    const pages = [defaultHomeDocument(), defaultCategoryDocument()];
    expect(releaseChanges(content(reordered(pages)), content(pages))).toEqual({ theme: [], settings: [], pages: [] });
  });

  it("counts a block whose props changed as edited, and added and removed blocks", () => {
    const before = defaultHomeDocument();
    const grid = before.blocks[1]!;
    const after = { ...before, blocks: [{ ...grid, props: { ...grid.props, count: 20 } }, { id: "gap", type: "spacer", props: { height: 16, divider: false } }] } as PageDocument;
    const [home] = releaseChanges(content([reordered(before)]), content([after])).pages;
    expect(home).toMatchObject({ key: "home", status: "changed", change: { added: 1, removed: 1, edited: 1 } });
  });

  it("canonicalJson ignores key order but not values or array order", () => {
    expect(canonicalJson({ a: 1, b: { c: [1, 2], d: null } })).toBe(canonicalJson({ b: { d: null, c: [1, 2] }, a: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
  });
});
