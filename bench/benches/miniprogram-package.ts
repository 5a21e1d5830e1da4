import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { buildTemplate } from "../../packages/miniprogram/build";
import { buildExtJson } from "../../packages/miniprogram/package/ext";
import { packageZip, readTemplateDir } from "../../packages/miniprogram/package/zip";
import { DEFAULT_THEME } from "../../packages/theme/src";
import { round } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * Seconds to package 1,000 tenants' mini-programs from one compiled template
 * (PRODUCT.md §6.5: one template; a tenant is only its ext.json and the zip).
 * The template is built once (not timed, logged); each package is the zip of
 * its files plus that tenant's ext.json. Budget 30 s.
 */
const TENANTS = Number(process.env.BENCH_MP_TENANTS ?? 1000);

const bench: Bench = {
  name: "miniprogram-package",
  unit: "s",
  budget: 30,

  async run(ctx: BenchContext) {
    const out = mkdtempSync(path.join(os.tmpdir(), "fx-mp-template-"));
    try {
      const t0 = performance.now();
      const built = await buildTemplate({ outDir: out });
      ctx.log(`miniprogram-package: template built once in ${round((performance.now() - t0) / 1000, 1)} s (${built.entries} scripts, ${Math.round(built.bytes / 1024)} KB)`);
      const files = readTemplateDir(out);
      let bytes = 0;
      const t1 = performance.now();
      for (let i = 0; i < TENANTS; i++) {
        const ext = buildExtJson({
          appid: `wx${String(i).padStart(16, "0")}`,
          tenant: { id: randomUUID(), slug: `shop-${i}`, name: `店铺 ${i}` },
          apiBase: "https://mall.example.com",
          release: { version: 1 + (i % 7), theme: DEFAULT_THEME },
        });
        bytes += packageZip(files, ext).byteLength;
      }
      const seconds = (performance.now() - t1) / 1000;
      ctx.log(`miniprogram-package: ${TENANTS} packages in ${round(seconds, 2)} s (${round((seconds * 1000) / TENANTS, 1)} ms each, ${Math.round(bytes / TENANTS / 1024)} KB zip each)`);
      return seconds;
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};

export default bench;
