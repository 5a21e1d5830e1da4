import fs from "node:fs";
import path from "node:path";
import { zipSync, type Zippable } from "fflate";
import type { ExtJson } from "./ext";

/**
 * The tenant's package: every file of the built template directory (the same
 * for all tenants: packages/miniprogram/dist/template) plus its ext.json at the
 * root. Per tenant only ext.json and the zip are new work (bench budget: 1,000
 * tenants in 30 s). `templateDir` is a parameter so tests use a fixture.
 */
export function readTemplateDir(templateDir: string): Map<string, Uint8Array> {
  if (!fs.existsSync(path.join(templateDir, "app.json"))) throw new Error(`no built template at ${templateDir} (app.json missing): run npm run miniprogram:build`);
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) files.set(path.relative(templateDir, full).split(path.sep).join("/"), fs.readFileSync(full));
    }
  };
  walk(templateDir);
  files.delete("ext.json");
  return files;
}

export function packageZip(template: Map<string, Uint8Array> | string, ext: ExtJson): Uint8Array {
  const files = typeof template === "string" ? readTemplateDir(template) : template;
  const tree: Zippable = {};
  // Pictures are compressed already: stored as they are (deflating them again cost most of a package's time).
  for (const [name, data] of files) tree[name] = [data, { level: /\.(png|jpe?g|webp|gif)$/i.test(name) ? 0 : 6 }];
  tree["ext.json"] = [new TextEncoder().encode(JSON.stringify(ext, null, 2)), { level: 6 }];
  return zipSync(tree, { mtime: new Date("2026-01-01T00:00:00Z") });
}

/** Where the template build puts its output (branch mp-template: buildTemplate({ outDir })). */
export const DEFAULT_TEMPLATE_DIR = path.resolve(process.cwd(), "packages/miniprogram/dist/template");
