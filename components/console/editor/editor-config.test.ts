import { describe, expect, it } from "vitest";
import { BLOCK_DEFAULTS, BLOCK_TYPES, blockSchemas, defaultHomeDocument, type PageDocument } from "@/packages/decoration/src";
import { documentIssues, fieldPath, fromPuckData, issuesByBlock, locateIssue, toPuckData } from "./document-mapping";
import { buildConfig, PALETTE } from "./puck-config";

const t = (key: string) => key;
const config = buildConfig(t);

describe("the editor's Puck config covers the block registry", () => {
  it.each(BLOCK_TYPES)("%s is a component with a field per prop and the block's defaults", (type) => {
    const c = config.components[type];
    expect(c, `no Puck component for block type ${type}`).toBeDefined();
    const shape = Object.keys((blockSchemas[type] as unknown as { shape: Record<string, unknown> }).shape);
    expect(Object.keys(c!.fields ?? {}).sort()).toEqual(shape.sort());
    expect(c!.defaultProps).toEqual(BLOCK_DEFAULTS[type]);
    expect(c!.label).toBe(`blocks.${type}`);
  });

  it("has no component that is not a block type, and the palette lists each block once", () => {
    expect(Object.keys(config.components).sort()).toEqual([...BLOCK_TYPES].sort());
    expect(Object.values(PALETTE).flat().sort()).toEqual([...BLOCK_TYPES].sort());
  });

  it("edits enums with selects and booleans with radios", () => {
    expect(config.components.productGrid!.fields!.source!.type).toBe("select");
    expect(config.components.productGrid!.fields!.columns!.type).toBe("select");
    expect(config.components.recruitment!.fields!.showRates!.type).toBe("radio");
    expect(config.components.banner!.fields!.slides!.type).toBe("array");
    expect(config.components.hotspotImage!.fields!.hotspots!.type).toBe("array");
    expect(config.root?.fields?.title?.type).toBe("text");
  });
});

describe("Puck data ↔ page document", () => {
  const doc: PageDocument = {
    ...defaultHomeDocument(),
    title: "首页",
    blocks: [
      { id: "n1", type: "noticeBar", props: { text: "包邮", link: { kind: "none" } } },
      { id: "g1", type: "productGrid", props: { title: "", source: "newest", productIds: [], categoryId: null, count: 6, columns: 2 } },
    ],
  };

  it("round-trips blocks in order with ids and the title as the root field", () => {
    const data = toPuckData(doc);
    expect(data.content.map((c) => [c.type, c.props.id])).toEqual([["noticeBar", "n1"], ["productGrid", "g1"]]);
    expect(data.root.props.title).toBe("首页");
    expect(fromPuckData(data, doc)).toEqual({ version: doc.version, kind: doc.kind, title: "首页", blocks: doc.blocks });
  });

  it("drops Puck's own render props", () => {
    const back = fromPuckData({ root: { props: { title: "x" } }, content: [{ type: "spacer", props: { id: "s", height: 8, divider: false, puck: {}, editMode: true } }] }, doc);
    expect(back.blocks[0]).toEqual({ id: "s", type: "spacer", props: { height: 8, divider: false } });
  });

  it("reports a block's invalid field by block and field, as the server's keys do", () => {
    const bad = fromPuckData({ root: { props: { title: "" } }, content: [{ type: "spacer", props: { id: "s", height: 8 } }, { type: "noticeBar", props: { id: "n", text: "  " } }] }, doc);
    const issues = documentIssues(bad);
    expect(issues).toEqual([expect.objectContaining({ blockId: "n", index: 1, type: "noticeBar", field: "text", message: "decoration.textRequired" })]);
    expect(issuesByBlock(issues)).toEqual({ n: { text: "decoration.textRequired" } });
    expect(locateIssue("blocks.1.props.link.id", bad, "m")).toMatchObject({ blockId: "n", field: "link.id" });
    expect(locateIssue("title", bad, "m")).toMatchObject({ blockId: "root", field: "title" });
    expect(fieldPath("slides[0].image")).toBe("slides.0.image");
  });
});

describe("the editor stays out of the storefront", () => {
  it("no storefront route or component imports Puck or the editor", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(ts|tsx)$/.test(e.name)) files.push(p);
      }
    };
    walk("app/s");
    walk("components/storefront");
    expect(files.length).toBeGreaterThan(10);
    const leaks = files.filter((f) => /from ["'](@puckeditor\/|@\/components\/console\/editor)/.test(fs.readFileSync(f, "utf8")));
    expect(leaks).toEqual([]);
  });
});
