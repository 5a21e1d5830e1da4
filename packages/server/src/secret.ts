import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

let cached: string | null = null;

/** SESSION_SECRET, or a random one kept in .data/ so dev sessions survive restarts. */
export function sessionSecret(): string {
  if (cached) return cached;
  if (process.env.SESSION_SECRET) return (cached = process.env.SESSION_SECRET);
  const file = path.resolve(".data/session-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    cached = randomBytes(32).toString("base64url");
    fs.writeFileSync(file, cached, { mode: 0o600 });
  }
  return cached;
}
