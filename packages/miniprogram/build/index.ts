/**
 * Compiles the one mini-program template (packages/miniprogram/template) into
 * a directory WeChat can take: TypeScript → CommonJS with esbuild, the pure
 * packages bundled once into lib/index.js (every page and component requires
 * it, so zod, superjson and the decoration code are in the package once),
 * WXML/WXSS/JSON/images copied. Then the output is checked (checks.ts).
 * The packaging code calls this once and zips the result per tenant with
 * that tenant's ext.json.
 */
import { build, type Message, type Plugin } from "esbuild";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkBuiltTemplate, forbiddenImport, forbiddenSource, TemplateCheckError } from "./checks";

export { checkBuiltTemplate, TemplateCheckError } from "./checks";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const TEMPLATE_DIR = path.resolve(HERE, "../template");
export const DEFAULT_OUT_DIR = path.resolve(HERE, "../dist/template");

/** Source files that are not part of the package. */
const SKIP = /(\.ts$|\.test\.|^tsconfig.*\.json$|^README)/;

export type BuildOptions = { outDir?: string; srcDir?: string; sizeLimit?: number; minify?: boolean };
export type BuildResult = { outDir: string; entries: number; bytes: number };

function walk(dir: string, rel = ""): string[] {
  return readdirSync(path.join(dir, rel)).flatMap((f) => {
    const r = rel ? path.join(rel, f) : f;
    return statSync(path.join(dir, r)).isDirectory() ? walk(dir, r) : [r];
  });
}

/** Stops an import of Node, a framework, a database driver or our server code, naming the importer. */
const guard = (srcDir: string): Plugin => ({
  name: "mp-guard",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point" || args.path.startsWith(".") || args.path.startsWith("/")) return undefined;
      const why = forbiddenImport(args.path);
      if (!why) return undefined;
      return { errors: [{ text: `forbidden import "${args.path}" in ${path.relative(srcDir, args.importer) || args.importer}: ${why}` }] };
    });
    b.onLoad({ filter: /.*/ }, (args) => {
      const why = forbiddenSource(args.path);
      return why ? { errors: [{ text: `forbidden module ${path.relative(process.cwd(), args.path)} in the bundle: ${why}` }] } : undefined;
    });
  },
});

/** Pages and components require the shared lib/index.js instead of bundling their own copy; other lib files only through it. */
const sharedLib = (srcDir: string): Plugin => ({
  name: "mp-shared-lib",
  setup(b) {
    const libDir = path.join(srcDir, "lib");
    const libIndex = path.join(libDir, "index");
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const abs = path.resolve(args.resolveDir, args.path).replace(/\.(ts|js)$/, "");
      if (abs !== libIndex && abs !== libDir && !abs.startsWith(libDir + path.sep)) return undefined;
      if (abs !== libIndex && abs !== libDir) {
        return { errors: [{ text: `${path.relative(srcDir, args.importer)} imports "${args.path}": pages and components import lib through "lib/index" (one shared bundle)` }] };
      }
      let rel = path.relative(path.dirname(args.importer), path.join(libDir, "index.js")).split(path.sep).join("/");
      if (!rel.startsWith(".")) rel = `./${rel}`;
      return { path: rel, external: true };
    });
  },
});

const messages = (errors: Message[]) => errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text));

export async function buildTemplate(opts: BuildOptions = {}): Promise<BuildResult> {
  const srcDir = path.resolve(opts.srcDir ?? TEMPLATE_DIR);
  const outDir = path.resolve(opts.outDir ?? DEFAULT_OUT_DIR);
  if (!existsSync(path.join(srcDir, "app.json"))) throw new TemplateCheckError([`no app.json in ${srcDir}`]);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const files = walk(srcDir);
  for (const f of files) {
    if (SKIP.test(path.basename(f)) || f.startsWith(`lib${path.sep}`)) continue;
    mkdirSync(path.dirname(path.join(outDir, f)), { recursive: true });
    cpSync(path.join(srcDir, f), path.join(outDir, f));
  }
  const entries = files.filter((f) => f === "app.ts" || (/^(pages|components)[\\/].+[\\/]index\.ts$/.test(f) && !f.includes(".test.")));
  const common = {
    bundle: true,
    format: "cjs" as const,
    platform: "neutral" as const,
    mainFields: ["module", "main"],
    target: "es2017",
    minify: opts.minify ?? true,
    legalComments: "none" as const,
    define: { "process.env.NODE_ENV": '"production"' },
    outbase: srcDir,
    outdir: outDir,
    logLevel: "silent" as const,
    absWorkingDir: srcDir,
  };
  try {
    await build({ ...common, entryPoints: [path.join(srcDir, "lib/index.ts")], plugins: [guard(srcDir)] });
    await build({ ...common, entryPoints: entries.map((e) => path.join(srcDir, e)), plugins: [sharedLib(srcDir), guard(srcDir)] });
  } catch (e) {
    const errs = (e as { errors?: Message[] }).errors;
    if (errs?.length) throw new TemplateCheckError(messages(errs));
    throw e;
  }
  checkBuiltTemplate(outDir, { sizeLimit: opts.sizeLimit });
  const bytes = walk(outDir).reduce((n, f) => n + statSync(path.join(outDir, f)).size, 0);
  return { outDir, entries: entries.length + 1, bytes };
}
