/**
 * The embedded database's directory lock: a second process (e.g. a second
 * "npm run dev", or a test run next to the dev server) must be refused with a
 * message that says what to do, and a lock left by a crashed process must not
 * block the next start.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, test } from "vitest";
import { openDatabase } from "./client";
import { DatabaseLockedError, acquireDirLock } from "./lock";

const LOCK_MODULE = path.resolve(import.meta.dirname, "lock.ts");
const ROOT = path.resolve(import.meta.dirname, "../../..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fx-lock-"));
let n = 0;
const freshDir = () => path.join(work, `db${++n}`, "pglite");
const lockFile = (dir: string) => path.resolve(dir) + ".lock";

const children: ChildProcess[] = [];

/** A separate node process that takes the lock with the real code, then waits (or exits, if told to). */
function holder(dir: string, mode: "hold" | "exit"): Promise<ChildProcess> {
  const code = `
    const { acquireDirLock } = await import(${JSON.stringify(LOCK_MODULE)});
    acquireDirLock(${JSON.stringify(dir)});
    process.stdout.write("locked\\n");
    ${mode === "hold" ? "setInterval(() => {}, 1000);" : "process.exit(0);"}
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout!.on("data", (b) => {
      out += String(b);
      if (out.includes("locked")) resolve(child);
    });
    child.stderr!.on("data", (b) => (err += String(b)));
    child.on("exit", (c) => {
      if (!out.includes("locked")) reject(new Error(`lock holder exited (${c}) before locking: ${err}`));
    });
    setTimeout(() => reject(new Error(`lock holder did not lock in time: ${err}`)), 30_000).unref();
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** The pid of a process that has certainly ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await exited(child);
  return child.pid!;
}

afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill("SIGKILL");
      await exited(c);
    }
  }
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe("a lock held by another live process", () => {
  test("acquiring again fails with DatabaseLockedError naming the directory, the pid and the way out", async () => {
    const dir = freshDir();
    const child = await holder(dir, "hold");
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(child.pid));

    let err: unknown;
    try {
      acquireDirLock(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DatabaseLockedError);
    const locked = err as DatabaseLockedError;
    expect(locked.name).toBe("DatabaseLockedError");
    expect(locked.pid).toBe(child.pid);
    expect(locked.dir).toBe(path.resolve(dir));
    expect(locked.message).toContain(String(child.pid));
    expect(locked.message).toContain(path.resolve(dir));
    expect(locked.message).toMatch(/npm run dev/);
    expect(locked.message).toMatch(/DATABASE_URL/);
    // The holder's lock is untouched.
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(child.pid));
  });

  test("opening the embedded database on that directory is refused the same way", async () => {
    const dir = freshDir();
    const child = await holder(dir, "hold");
    await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toBeInstanceOf(DatabaseLockedError);
    await expect(openDatabase({ kind: "pglite", dataDir: dir })).rejects.toMatchObject({ pid: child.pid });
    // Nothing was created in the locked directory.
    expect(fs.existsSync(path.join(dir, "PG_VERSION"))).toBe(false);
  });

  test("once the holder is killed (no cleanup), its stale lock is taken over", async () => {
    const dir = freshDir();
    const child = await holder(dir, "hold");
    expect(() => acquireDirLock(dir)).toThrow(DatabaseLockedError);
    child.kill("SIGKILL");
    await exited(child);
    // SIGKILL runs no exit handler: the file still names the dead process.
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(child.pid));

    const release = acquireDirLock(dir);
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });
});

describe("release and stale locks", () => {
  test("a process that exits normally releases its lock", async () => {
    const dir = freshDir();
    const child = await holder(dir, "exit");
    await exited(child);
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    const release = acquireDirLock(dir);
    release();
  });

  test("a lock file naming a dead pid is taken over", async () => {
    const dir = freshDir();
    fs.mkdirSync(path.dirname(lockFile(dir)), { recursive: true });
    const pid = await deadPid();
    fs.writeFileSync(lockFile(dir), String(pid));
    const release = acquireDirLock(dir);
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  test("acquiring twice in the same process is harmless; only the first release frees it", () => {
    const dir = freshDir();
    const release = acquireDirLock(dir);
    const again = acquireDirLock(dir);
    again();
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  test("release never deletes a lock that another process has taken since", () => {
    const dir = freshDir();
    const release = acquireDirLock(dir);
    fs.writeFileSync(lockFile(dir), "999999999"); // someone else's now
    release();
    expect(fs.readFileSync(lockFile(dir), "utf8")).toBe("999999999");
    fs.rmSync(lockFile(dir));
  });
});
