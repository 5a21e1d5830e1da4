import fs from "node:fs";
import path from "node:path";

/**
 * PGlite has no lock of its own: two processes opening one data directory
 * silently lose writes. We hold `<dir>.lock` (pid inside) for the life of the
 * process and refuse to open a directory another live process holds.
 */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database at ${dir} is in use by process ${pid}. ` +
        `Stop that process (e.g. the running "npm run dev") or set DATABASE_URL to use a PostgreSQL server.`,
    );
    this.name = "DatabaseLockedError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

const held = new Map<string, string>();

export function acquireDirLock(dir: string): () => void {
  const lockPath = path.resolve(/*turbopackIgnore: true*/ dir) + ".lock";
  if (held.has(lockPath)) return () => {};
  fs.mkdirSync(path.dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      held.set(lockPath, lockPath);
      const release = () => {
        if (!held.delete(lockPath)) return;
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (pid === process.pid) return () => {};
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new DatabaseLockedError(path.resolve(dir), pid);
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
}
