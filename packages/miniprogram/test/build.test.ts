/**
 * The build's checks, fed broken templates: each fails with a message that
 * names the problem. And the real template builds and passes them.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildTemplate, TemplateCheckError } from "../build";
import { forbiddenImport, forbiddenSource } from "../build/checks";

const REPO = path.resolve(import.meta.dirname, "../../..");
const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A smallest valid template (one tab page, a component, two tab items with PNG icons), with files replaced or removed. */
function fixture(change: Record<string, string | Buffer | null> = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), "mp-fixture-"));
  roots.push(root);
  const png = readFileSync(path.join(REPO, "packages/miniprogram/template/images/tab-home.png"));
  const files: Record<string, string | Buffer | null> = {
    "app.json": JSON.stringify({
      pages: ["pages/a/index", "pages/b/index"],
      usingComponents: { "x-box": "/components/box/index" },
      tabBar: { list: [{ pagePath: "pages/a/index", text: "A", iconPath: "images/a.png", selectedIconPath: "images/a-on.png" }, { pagePath: "pages/b/index", text: "B", iconPath: "images/a.png", selectedIconPath: "images/a-on.png" }] },
    }),
    "app.ts": 'App({});\n',
    "images/a.png": png,
    "images/a-on.png": png,
    "pages/a/index.ts": 'import { hello } from "../../lib/index";\nPage({ data: { t: hello() } });\n',
    "pages/a/index.wxml": "<x-box>{{t}}</x-box>",
    "pages/a/index.json": JSON.stringify({ usingComponents: { "y-box": "../../components/box/index" } }),
    "pages/b/index.ts": "Page({});\n",
    "pages/b/index.wxml": "<view>b</view>",
    "pages/b/index.json": "{}",
    "components/box/index.ts": "Component({});\n",
    "components/box/index.wxml": "<slot />",
    "components/box/index.json": JSON.stringify({ component: true }),
    "lib/index.ts": 'export const hello = () => "hi";\n',
    ...change,
  };
  for (const [f, body] of Object.entries(files)) {
    if (body === null) continue;
    mkdirSync(path.dirname(path.join(root, "src", f)), { recursive: true });
    writeFileSync(path.join(root, "src", f), body);
  }
  return { srcDir: path.join(root, "src"), outDir: path.join(root, "out") };
}

async function problems(change: Record<string, string | Buffer | null>, opts: { sizeLimit?: number } = {}) {
  try {
    await buildTemplate({ ...fixture(change), ...opts });
  } catch (e) {
    if (e instanceof TemplateCheckError) return e.problems;
    throw e;
  }
  return [];
}

describe("a broken template fails the build, saying why", () => {
  test("the fixture itself builds", async () => {
    const f = fixture();
    const r = await buildTemplate(f);
    expect(r.entries).toBe(5);
    expect(readFileSync(path.join(f.outDir, "pages/a/index.js"), "utf8")).toContain('require("../../lib/index.js")');
    expect(existsSync(path.join(f.outDir, "lib/index.js"))).toBe(true);
  });
  test.each([
    ["index.wxml", { "pages/b/index.wxml": null }, /page "pages\/b\/index" in app.json has no pages\/b\/index\.wxml/],
    ["index.json", { "pages/b/index.json": null }, /page "pages\/b\/index" in app.json has no pages\/b\/index\.json/],
    ["index.ts (so no .js)", { "pages/b/index.ts": null }, /page "pages\/b\/index" in app.json has no pages\/b\/index\.js/],
  ])("a page without its %s", async (_what, change, message) => {
    expect((await problems(change)).join("\n")).toMatch(message);
  });
  test("a usingComponents path that does not resolve (absolute in app.json, relative in a page)", async () => {
    const p = await problems({
      "app.json": JSON.stringify({ pages: ["pages/a/index"], usingComponents: { "x-box": "/components/nope/index" } }),
      "pages/a/index.json": JSON.stringify({ usingComponents: { "y-box": "../../components/gone/index" } }),
    });
    expect(p).toContainEqual(expect.stringMatching(/app\.json: usingComponents "x-box": "\/components\/nope\/index" does not resolve/));
    expect(p).toContainEqual(expect.stringMatching(/pages\/a\/index\.json: usingComponents "y-box": "\.\.\/\.\.\/components\/gone\/index" does not resolve/));
  });
  test("a component that does not say it is one", async () => {
    expect(await problems({ "components/box/index.json": "{}" })).toContainEqual(expect.stringMatching(/components\/box\/index\.json: a custom component must say "component": true/));
  });
  test("a missing tab-bar icon, and one that is not a picture", async () => {
    expect(await problems({ "images/a-on.png": null })).toContainEqual(expect.stringMatching(/tabBar item 1 \(pages\/a\/index\): selectedIconPath "images\/a-on\.png" is missing/));
    expect(await problems({ "images/a.png": "<svg/>" })).toContainEqual(expect.stringMatching(/tabBar icon "images\/a\.png" is not a PNG or JPG/));
  });
  test("a main package over 2 MB", async () => {
    const p = await problems({ "images/big.png": Buffer.alloc(2 * 1024 * 1024 + 1) });
    expect(p).toEqual([expect.stringMatching(/the main package is 2\.\d\d MB: WeChat takes at most 2 MB/)]);
  });
  test.each([
    ["node:fs", 'import { readFileSync } from "node:fs";\nexport const hello = () => String(readFileSync);\n', /forbidden import "node:fs" in lib\/index\.ts: Node built-ins/],
    ["fs", 'import fs from "fs";\nexport const hello = () => String(fs);\n', /forbidden import "fs" in lib\/index\.ts/],
    ["crypto", 'import { randomUUID } from "crypto";\nexport const hello = () => randomUUID();\n', /forbidden import "crypto"/],
    ["react", 'import { useState } from "react";\nexport const hello = () => String(useState);\n', /forbidden import "react" in lib\/index\.ts: "react" is server or browser-framework code/],
    ["next/navigation", 'import { redirect } from "next/navigation";\nexport const hello = () => String(redirect);\n', /forbidden import "next\/navigation"/],
    ["drizzle-orm", 'import { eq } from "drizzle-orm";\nexport const hello = () => String(eq);\n', /forbidden import "drizzle-orm"/],
    ["postgres", 'import pg from "postgres";\nexport const hello = () => String(pg);\n', /forbidden import "postgres"/],
    ["stripe", 'import Stripe from "stripe";\nexport const hello = () => String(Stripe);\n', /forbidden import "stripe"/],
  ])("an import of %s", async (_what, lib, message) => {
    expect((await problems({ "lib/index.ts": lib })).join("\n")).toMatch(message);
  });
  test("a page importing Node directly, and our database code by path", async () => {
    expect((await problems({ "pages/b/index.ts": 'import path from "node:path";\nPage({ data: { p: path.sep } });\n' })).join("\n")).toMatch(/forbidden import "node:path" in pages\/b\/index\.ts/);
    const db = path.join(REPO, "packages/db/src/queries/store.ts");
    expect((await problems({ "lib/index.ts": `import { getStoreSettings } from ${JSON.stringify(db)};\nexport const hello = () => String(getStoreSettings);\n` })).join("\n")).toMatch(/forbidden module packages\/db\/src\/queries\/store\.ts in the bundle: server code/);
  });
  test("server types through `import type` are fine (erased)", async () => {
    const root = path.join(REPO, "packages/api/src/root.ts");
    expect(await problems({ "lib/index.ts": `import type { AppRouter } from ${JSON.stringify(root)};\nexport const hello = (r?: AppRouter) => String(r ?? "hi");\n` })).toEqual([]);
  });
  test("a page reaching into lib/ past its index", async () => {
    expect((await problems({ "lib/other.ts": "export const x = 1;\n", "pages/b/index.ts": 'import { x } from "../../lib/other";\nPage({ data: { x } });\n' })).join("\n")).toMatch(/pages\/b\/index\.ts imports "\.\.\/\.\.\/lib\/other": pages and components import lib through "lib\/index"/);
  });
});

describe("classifying imports", () => {
  test.each([
    ["node:crypto", true], ["fs/promises", true], ["react/jsx-runtime", true], ["@clerk/backend", true], ["zod", false], ["superjson", false], ["@trpc/client", false],
  ])("%s forbidden: %s", (spec, forbidden) => {
    expect(forbiddenImport(spec) !== null).toBe(forbidden);
  });
  test("files", () => {
    expect(forbiddenSource("/r/packages/server/src/stripe.ts")).toMatch(/server code/);
    expect(forbiddenSource("/r/node_modules/drizzle-orm/index.js")).toMatch(/drizzle-orm/);
    expect(forbiddenSource("/r/packages/decoration/src/blocks.ts")).toBeNull();
  });
});

test("the real template builds, passes its checks and requires nothing but its own files", async () => {
  const outDir = path.join(mkdtempSync(path.join(os.tmpdir(), "mp-real-")), "template");
  roots.push(path.dirname(outDir));
  const r = await buildTemplate({ outDir });
  expect(r.bytes).toBeLessThan(2 * 1024 * 1024);
  const app = JSON.parse(readFileSync(path.join(outDir, "app.json"), "utf8")) as { pages: string[] };
  for (const page of app.pages) {
    const js = readFileSync(path.join(outDir, `${page}.js`), "utf8");
    for (const m of js.matchAll(/require\("([^"]+)"\)/g)) expect(m[1]).toBe("../../lib/index.js");
  }
  const lib = readFileSync(path.join(outDir, "lib/index.js"), "utf8");
  expect([...lib.matchAll(/require\("([^"]+)"\)/g)]).toEqual([]);
  // The schemas stay on the server: the template takes theme/src/css and decoration/src/countdown, not their zod indexes.
  expect(lib).not.toContain("ZodError");
  expect(lib.length).toBeLessThan(100 * 1024);
  expect(existsSync(path.join(outDir, "tsconfig.json"))).toBe(false);
  expect(existsSync(path.join(outDir, "lib/flows.ts"))).toBe(false);
}, 120_000);
