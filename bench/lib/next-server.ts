import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import { dropCachedRenders } from "../../scripts/render-cache";
import type { BenchContext } from "./types";

/** `next start` for the page benches: built once per run (unless BENCH_SKIP_BUILD=1 and a build exists), on the bench database. */
export const ROOT = path.resolve(import.meta.dirname, "../..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export async function waitUp(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function cannon(opts: autocannon.Options, onLatency?: (ms: number, status: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    if (onLatency) instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => onLatency(ms, status));
  });
}

export function ensureBuilt(ctx: BenchContext, who: string) {
  return ctx.once("next-build", async () => {
    if (process.env.BENCH_SKIP_BUILD === "1" && fs.existsSync(path.join(ROOT, ".next/BUILD_ID"))) return;
    const t0 = Date.now();
    ctx.log(`${who}: next build …`);
    execFileSync("npx", ["next", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    ctx.log(`${who}: built in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  });
}

/** Starts `next start` on the bench database; call stop() in a finally. */
export async function startNext(ctx: BenchContext, probe = "/s/tea") {
  const port = await freePort();
  dropCachedRenders(ROOT);
  const child = spawn("npx", ["next", "start", "-p", String(port)], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production", DATABASE_URL: ctx.url, DATABASE_APP_URL: "", ORDER_SWEEP_SECONDS: "0", NEXT_TELEMETRY_DISABLED: "1" },
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitUp(`${base}${probe}`, child);
  } catch (e) {
    stop();
    throw e;
  }
  function stop() {
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* gone */
    }
  }
  return { base, stop };
}
