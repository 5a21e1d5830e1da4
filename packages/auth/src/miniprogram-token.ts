import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The mini-program shopper's bearer token (it has no cookies): sent as
 * `Authorization: Bearer <token>` to /api/trpc, accepted only by the shop
 * procedures of the token's tenant (shopperProcedure).
 *
 * Format: `mp1.<payload>.<mac>`; payload = base64url(JSON {tid, uid, app, exp}),
 * mac = base64url(HMAC-SHA256(k, "mp1." + payload)) with
 * k = HMAC-SHA256(SESSION_SECRET, "fx/miniprogram-token/v1"): the session secret,
 * but a key of its own, so a session cookie is never a valid token and a token
 * never a valid cookie. Only ids and the expiry are inside; the user is re-read
 * (and the WeChat identity checked) on every request, so deleting the identity
 * row revokes every token of it.
 *
 * Lifetime 7 days: a mini-program calls wx.login silently whenever the token
 * is missing or refused (no user interaction), so a short life costs nothing
 * and bounds a leaked token.
 */
export const MINIPROGRAM_TOKEN_TTL_SECONDS = 7 * 24 * 60 * 60;
const PREFIX = "mp1";

export type MiniprogramToken = { tid: string; uid: string; app: string; exp: number };

const key = (secret: string) => createHmac("sha256", secret).update("fx/miniprogram-token/v1").digest();
const mac = (secret: string, signed: string) => createHmac("sha256", key(secret)).update(signed).digest("base64url");

export function signMiniprogramToken(secret: string, t: { tenantId: string; userId: string; appId: string }, now = Date.now()): { token: string; expiresAt: Date } {
  const exp = Math.floor(now / 1000) + MINIPROGRAM_TOKEN_TTL_SECONDS;
  const payload = Buffer.from(JSON.stringify({ tid: t.tenantId, uid: t.userId, app: t.appId, exp } satisfies MiniprogramToken)).toString("base64url");
  const signed = `${PREFIX}.${payload}`;
  return { token: `${signed}.${mac(secret, signed)}`, expiresAt: new Date(exp * 1000) };
}

export type TokenCheck = { ok: true; token: MiniprogramToken } | { ok: false; reason: "malformed" | "signature" | "expired" };

/** Verifies signature first (constant time), then the expiry. */
export function verifyMiniprogramToken(secret: string, token: string | null | undefined, now = Date.now()): TokenCheck {
  const parts = (token ?? "").split(".");
  if (parts.length !== 3 || parts[0] !== PREFIX || !parts[1] || !parts[2] || token!.length > 1024) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(mac(secret, `${PREFIX}.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "signature" };
  let t: MiniprogramToken;
  try {
    t = JSON.parse(Buffer.from(parts[1], "base64url").toString()) as MiniprogramToken;
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof t.tid !== "string" || typeof t.uid !== "string" || typeof t.app !== "string" || typeof t.exp !== "number") return { ok: false, reason: "malformed" };
  if (t.exp * 1000 <= now) return { ok: false, reason: "expired" };
  return { ok: true, token: t };
}

/** The token of an `Authorization: Bearer …` header; null when the header is absent or another scheme. */
export function bearerOf(header: string | null | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1]! : null;
}
