import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase, pgClient } from "../../packages/db/src/client";
import { migrate } from "../../packages/db/src/migrate";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CLUSTER = path.join(ROOT, "scripts/pg-cluster.sh");

export type Server = { url: string; stop(): void };

/** DATABASE_URL's server, else a throwaway cluster (scripts/pg-cluster.sh) stopped by stop(). */
export function startServer(log: (...a: unknown[]) => void): Server {
  if (process.env.DATABASE_URL) {
    log(`server: DATABASE_URL (${redact(process.env.DATABASE_URL)})`);
    return { url: process.env.DATABASE_URL, stop: () => {} };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fx-bench-pg-"));
  const t0 = Date.now();
  // Sized as a database server on this machine would be (a quarter of the memory, at most 4 GB), not the
  // 128 MB default: the distribution dataset is ~2 GB and reads from the OS cache blur sub-millisecond figures.
  const sharedMb = Math.min(4096, Math.floor(os.totalmem() / 4 / 2 ** 20));
  const env = { ...process.env, PG_CLUSTER_CONF: `shared_buffers = ${sharedMb}MB` };
  const url = execFileSync("bash", [CLUSTER, "start", dir], { encoding: "utf8", env, stdio: ["ignore", "pipe", "inherit"] }).trim();
  log(`server: throwaway cluster in ${dir} (${Date.now() - t0} ms, shared_buffers ${sharedMb} MB): ${url}`);
  let stopped = false;
  return {
    url,
    stop: () => {
      if (stopped) return;
      stopped = true;
      execFileSync("bash", [CLUSTER, "stop", dir], { stdio: "inherit" });
    },
  };
}

export const redact = (url: string): string => url.replace(/:[^:@/]*@/, ":***@");

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh database on the server, migrated with the app's migrations (packages/db/src/migrate.ts). */
export async function createBenchDatabase(serverUrl: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `fx_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = pgClient(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const drop = async () => {
    const a = pgClient(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await a.unsafe(`drop database if exists ${name} with (force)`);
    } finally {
      await a.end();
    }
  };
  const database = await openDatabase({ kind: "postgres", url, max: 1 });
  try {
    await migrate(database);
  } catch (e) {
    await database.close();
    await drop().catch(() => {});
    throw e;
  }
  await database.close();
  return { url, name, drop };
}
