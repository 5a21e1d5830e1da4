import fs from "node:fs";
import path from "node:path";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Secrets at rest (WeChat refresh tokens, component tokens, merchant keys):
 * AES-256-GCM under SECRETS_KEY. A blob is `v1.<iv>.<tag>.<ciphertext>`
 * (base64url), so a key rotation can add v2 beside it.
 *
 * SECRETS_KEY: 32 bytes as base64 or hex; any other string is hashed to 32
 * bytes (SHA-256). Unset outside production: a random key kept in
 * .data/secrets-key (like SESSION_SECRET). Unset in production: refused.
 */
let cached: Buffer | null = null;

function secretsKey(): Buffer {
  if (cached) return cached;
  const raw = process.env.SECRETS_KEY;
  if (raw) return (cached = decodeKey(raw));
  if (process.env.NODE_ENV === "production") throw new Error("SECRETS_KEY is not set: secrets cannot be stored or read");
  const file = path.resolve(".data/secrets-key");
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    text = randomBytes(32).toString("base64");
    fs.writeFileSync(file, text, { mode: 0o600 });
  }
  return (cached = decodeKey(text));
}

function decodeKey(raw: string): Buffer {
  if (/^[0-9a-f]{64}$/i.test(raw)) return Buffer.from(raw, "hex");
  const b = Buffer.from(raw, "base64");
  if (b.length === 32 && /^[A-Za-z0-9+/_-]+=*$/.test(raw)) return b;
  return createHash("sha256").update(raw).digest();
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", secretsKey(), iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ct.toString("base64url")].join(".");
}

/** Throws on a blob not made with this key (tampered, or another SECRETS_KEY). */
export function decryptSecret(blob: string): string {
  const [v, iv, tag, ct] = blob.split(".");
  if (v !== "v1" || !iv || !tag || ct === undefined) throw new Error("not a secret blob");
  const decipher = createDecipheriv("aes-256-gcm", secretsKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}
