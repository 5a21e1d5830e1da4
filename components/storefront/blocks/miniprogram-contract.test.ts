/**
 * The mini-program side of the decoration contract (contract.test.tsx is the
 * H5 side): every block type in BLOCK_TYPES has its own custom component in
 * the template, <block-page> uses it for that type, and the template's view
 * code knows the type. A new block type fails here until the mini-program
 * draws it too. (packages/miniprogram/test/blocks.test.ts renders them.)
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { BLOCK_TYPES } from "@/packages/decoration/src";
import { BLOCK_VIEWS, blockComponentName } from "@/packages/miniprogram/template/lib/blocks";

const COMPONENTS = path.resolve(import.meta.dirname, "../../../packages/miniprogram/template/components");
const read = (f: string) => readFileSync(path.join(COMPONENTS, f), "utf8");

describe("every block type has a mini-program component", () => {
  const page = { json: JSON.parse(read("block-page/index.json")) as { usingComponents: Record<string, string> }, wxml: read("block-page/index.wxml") };
  test.each(BLOCK_TYPES)("%s", (type) => {
    const name = blockComponentName(type);
    for (const ext of ["ts", "wxml", "wxss", "json"]) expect(existsSync(path.join(COMPONENTS, name, `index.${ext}`)), `packages/miniprogram/template/components/${name}/index.${ext}`).toBe(true);
    expect(JSON.parse(read(`${name}/index.json`)).component, `${name}/index.json says "component": true`).toBe(true);
    expect(read(`${name}/index.ts`)).toContain(`blockComponent("${type}"`);
    expect(page.json.usingComponents[name], `block-page/index.json uses ${name}`).toBe(`../${name}/index`);
    expect(page.wxml, `block-page/index.wxml draws ${type} with <${name}>`).toMatch(new RegExp(`<${name} wx:(el)?if="\\{\\{item\\.type === '${type}'\\}\\}"`));
    expect((BLOCK_VIEWS as Record<string, unknown>)[type], `BLOCK_VIEWS.${type} in packages/miniprogram/template/lib/blocks.ts`).toBeTypeOf("function");
  });
  test("and no component for a type that is gone", () => {
    const used = Object.keys(page.json.usingComponents).sort();
    expect(used).toEqual(BLOCK_TYPES.map(blockComponentName).sort());
  });
});
