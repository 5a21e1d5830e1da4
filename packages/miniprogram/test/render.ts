/**
 * Renders the BUILT template's components with miniprogram-simulate (the
 * WXML engine WeChat's own tools test with) in happy-dom, and reads what a
 * shopper sees. The template is built once per test file into a temp dir.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import * as simulate from "miniprogram-simulate";
import { buildTemplate } from "../build";
import type { Seen } from "./fixtures";

export async function buildForTest() {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), "mp-template-")), "template");
  await buildTemplate({ outDir: out, minify: false });
  return out;
}

type Node = { tagName: string; attrs: { name: string; value: unknown }[]; children: (Node | string)[] };

export function seenOf(json: Node): Seen {
  const text: string[] = [];
  const images: string[] = [];
  const links: string[] = [];
  const walk = (n: Node | string) => {
    if (typeof n === "string") return void text.push(n);
    const attr = (name: string) => n.attrs.find((a) => a.name === name)?.value;
    if (n.tagName === "wx-image" || n.tagName === "wx-video") {
      for (const k of ["src", "poster"]) if (attr(k)) images.push(String(attr(k)));
    }
    if (n.tagName === "wx-navigator" && attr("url")) links.push(String(attr("url")));
    if (n.tagName === "wx-rich-text" && attr("nodes")) text.push(String(attr("nodes")));
    n.children.forEach(walk);
  };
  walk(json);
  return { text: text.join(" "), images, links, html: JSON.stringify(json) };
}

export function mount(outDir: string, component: string, props: Record<string, unknown>) {
  const id = simulate.load(path.join(outDir, "components", component, "index"), component, { rootPath: outDir });
  const c = simulate.render(id, props);
  c.attach(document.createElement("parent-wrapper"));
  return { c, seen: () => seenOf(c.toJSON() as Node) };
}
