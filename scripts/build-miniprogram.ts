/**
 * npm run miniprogram:build: the template compiled and checked into
 * packages/miniprogram/dist/template (the packaging code zips it per tenant).
 * Exits 1 with every problem listed when a check fails.
 */
import path from "node:path";
import { buildTemplate, TemplateCheckError } from "../packages/miniprogram/build";

try {
  const r = await buildTemplate({ outDir: process.argv[2] });
  console.log(`mini-program template: ${r.entries} scripts, ${(r.bytes / 1024).toFixed(0)} KB → ${path.relative(process.cwd(), r.outDir)}`);
} catch (e) {
  console.error(e instanceof TemplateCheckError ? e.message : e);
  process.exit(1);
}
