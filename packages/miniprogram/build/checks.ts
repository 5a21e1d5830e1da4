/**
 * What a built mini-program must satisfy before it can be uploaded, checked
 * on the output directory (the files WeChat will see). Each check returns
 * problems, one readable sentence each; the build fails on any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";

/** WeChat refuses a main package over 2 MB. */
export const MAIN_PACKAGE_LIMIT = 2 * 1024 * 1024;
/** Tab-bar icons: WeChat takes PNG/JPG up to 40 KB. */
export const TAB_ICON_LIMIT = 40 * 1024;

type AppJson = {
  pages?: string[];
  usingComponents?: Record<string, string>;
  tabBar?: { list?: { pagePath?: string; iconPath?: string; selectedIconPath?: string }[] };
  subpackages?: { root: string; pages: string[] }[];
  subPackages?: { root: string; pages: string[] }[];
};

function readJson<T>(file: string, problems: string[]): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch (e) {
    problems.push(`${file}: not valid JSON (${e instanceof Error ? e.message : e})`);
    return null;
  }
}

const PAGE_FILES = [".js", ".wxml", ".json"] as const;

/** Every page of app.json has its .js, .wxml and .json; every component a page or component uses resolves. */
export function checkPagesAndComponents(dir: string): string[] {
  const problems: string[] = [];
  const appFile = path.join(dir, "app.json");
  if (!existsSync(appFile)) return [`app.json is missing in ${dir}`];
  const app = readJson<AppJson>(appFile, problems);
  if (!app) return problems;
  if (!existsSync(path.join(dir, "app.js"))) problems.push("app.js is missing");
  const pages = [...(app.pages ?? []), ...[...(app.subpackages ?? []), ...(app.subPackages ?? [])].flatMap((s) => s.pages.map((p) => `${s.root.replace(/\/$/, "")}/${p}`))];
  if (!pages.length) problems.push("app.json lists no pages");
  const seen = new Set<string>();
  const visit = (owner: string, base: string, using: Record<string, string> | undefined) => {
    for (const [tag, ref] of Object.entries(using ?? {})) {
      if (ref.startsWith("plugin://")) continue;
      const rel = ref.startsWith("/") ? ref.slice(1) : path.posix.join(path.posix.dirname(base), ref);
      const missing = PAGE_FILES.filter((ext) => !existsSync(path.join(dir, rel + ext)));
      if (missing.length) {
        problems.push(`${owner}: usingComponents "${tag}": "${ref}" does not resolve (no ${missing.map((m) => rel + m).join(", ")})`);
        continue;
      }
      if (seen.has(rel)) continue;
      seen.add(rel);
      const json = readJson<{ component?: boolean; usingComponents?: Record<string, string> }>(path.join(dir, `${rel}.json`), problems);
      if (json && json.component !== true) problems.push(`${rel}.json: a custom component must say "component": true`);
      visit(`${rel}.json`, rel, json?.usingComponents);
    }
  };
  visit("app.json", "app", app.usingComponents);
  for (const page of pages) {
    const missing = PAGE_FILES.filter((ext) => !existsSync(path.join(dir, page + ext)));
    if (missing.length) {
      problems.push(`page "${page}" in app.json has no ${missing.map((m) => page + m).join(", ")}`);
      continue;
    }
    const json = readJson<{ usingComponents?: Record<string, string> }>(path.join(dir, `${page}.json`), problems);
    visit(`${page}.json`, page, json?.usingComponents);
  }
  return problems;
}

const isPng = (b: Buffer) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
const isJpg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** Each tab's page is a page of the app, and both its icons exist, are PNG or JPG and under 40 KB. */
export function checkTabBar(dir: string): string[] {
  const problems: string[] = [];
  const app = readJson<AppJson>(path.join(dir, "app.json"), problems);
  const list = app?.tabBar?.list;
  if (!app || !list) return problems;
  if (list.length < 2 || list.length > 5) problems.push(`tabBar has ${list.length} items: WeChat takes 2 to 5`);
  for (const [i, tab] of list.entries()) {
    if (!tab.pagePath || !app.pages?.includes(tab.pagePath)) problems.push(`tabBar item ${i + 1}: pagePath "${tab.pagePath}" is not a page of app.json`);
    for (const key of ["iconPath", "selectedIconPath"] as const) {
      const icon = tab[key];
      if (!icon) {
        problems.push(`tabBar item ${i + 1} (${tab.pagePath}): no ${key}`);
        continue;
      }
      const file = path.join(dir, icon);
      if (!existsSync(file)) {
        problems.push(`tabBar item ${i + 1} (${tab.pagePath}): ${key} "${icon}" is missing`);
        continue;
      }
      const bytes = readFileSync(file);
      if (!isPng(bytes) && !isJpg(bytes)) problems.push(`tabBar icon "${icon}" is not a PNG or JPG`);
      if (bytes.length > TAB_ICON_LIMIT) problems.push(`tabBar icon "${icon}" is ${bytes.length} bytes: WeChat takes at most ${TAB_ICON_LIMIT}`);
    }
  }
  return problems;
}

function sizeOf(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.size;
  return readdirSync(p).reduce((n, f) => n + sizeOf(path.join(p, f)), 0);
}

/** The main package (everything outside the subpackages' roots) within 2 MB. */
export function checkMainPackageSize(dir: string, limit = MAIN_PACKAGE_LIMIT): string[] {
  const problems: string[] = [];
  const app = readJson<AppJson>(path.join(dir, "app.json"), problems) ?? {};
  const subRoots = new Set([...(app.subpackages ?? []), ...(app.subPackages ?? [])].map((s) => s.root.replace(/\/$/, "")));
  let bytes = 0;
  const walk = (rel: string) => {
    for (const f of readdirSync(path.join(dir, rel))) {
      const r = rel ? `${rel}/${f}` : f;
      if (subRoots.has(r)) continue;
      if (statSync(path.join(dir, r)).isDirectory()) walk(r);
      else bytes += sizeOf(path.join(dir, r));
    }
  };
  walk("");
  if (bytes > limit) problems.push(`the main package is ${(bytes / 1024 / 1024).toFixed(2)} MB: WeChat takes at most ${(limit / 1024 / 1024).toFixed(0)} MB`);
  return problems;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
/** Packages that must never reach the phone: frameworks, database drivers, payment SDKs. */
export const FORBIDDEN_PACKAGES = ["next", "next-intl", "react", "react-dom", "drizzle-orm", "postgres", "@electric-sql/pglite", "stripe", "@clerk/nextjs", "@clerk/backend", "svix"];
/** Our own server-side code (db, server, api, i18n's message files). */
const FORBIDDEN_SOURCES = /(^|\/)packages\/(db|server|api|auth)\/src\//;

/** Why an import may not be in the mini-program bundle, or null when it may. */
export function forbiddenImport(specifier: string): string | null {
  if (specifier.startsWith("node:") || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split("/")[0]!)) return "Node built-ins do not exist in a mini-program";
  const pkg = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!;
  if (FORBIDDEN_PACKAGES.includes(pkg)) return `"${pkg}" is server or browser-framework code`;
  return null;
}

/** A resolved file that is server code of ours (only `import type` of it is allowed: esbuild erases that). */
export function forbiddenSource(file: string): string | null {
  const f = file.split(path.sep).join("/");
  if (FORBIDDEN_SOURCES.test(f)) return "server code (packages/db, server, api, auth) is not bundled: import its types with `import type`";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
  if (m && FORBIDDEN_PACKAGES.includes(m[1]!)) return `"${m[1]}" is server or browser-framework code`;
  return null;
}

export class TemplateCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`the mini-program template failed its checks:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** All output checks; throws TemplateCheckError listing every problem. */
export function checkBuiltTemplate(dir: string, opts: { sizeLimit?: number } = {}) {
  const problems = [...checkPagesAndComponents(dir), ...checkTabBar(dir), ...checkMainPackageSize(dir, opts.sizeLimit)];
  if (problems.length) throw new TemplateCheckError(problems);
}
