import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";
import { dropCachedRenders } from "../../scripts/render-cache";
import { percentile } from "./stats";
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

const CONNECTIONS = 20;

/** `seconds` of autocannon at 20 connections: p50/p95 ms and requests/s; any non-200, error or timeout fails the bench. */
export async function loadTest(url: string, seconds: number) {
  const latencies: number[] = [];
  let bad = 0;
  const r = await cannon({ url, connections: CONNECTIONS, duration: seconds }, (ms, status) => {
    latencies.push(ms);
    if (status !== 200) bad++;
  });
  if (bad || r.errors || r.timeouts) throw new Error(`${url}: ${bad} non-200, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { p95: percentile(latencies, 95), p50: percentile(latencies, 50), rps: r.requests.average, n: latencies.length };
}

/** The floor a page is compared with: the same bytes served by node:http in the same run (warmed for 2 s first). */
export async function floorOf(body: string, contentType: string, seconds: number) {
  const port = await freePort();
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": contentType });
    res.end(body);
  });
  await new Promise<void>((ok) => server.listen(port, "127.0.0.1", ok));
  try {
    await loadTest(`http://127.0.0.1:${port}/`, 2);
    return await loadTest(`http://127.0.0.1:${port}/`, seconds);
  } finally {
    server.close();
  }
}
