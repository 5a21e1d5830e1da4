import { createHmac, timingSafeEqual } from "node:crypto";
import { localSignInAllowed } from "./config";

/**
 * Signed session cookie for the offline sign-in: base64url(JSON) + "." + HMAC-SHA256.
 * Only the user id and expiry are inside; the user is re-read from the database
 * on every request, so a deleted user's cookie is worthless.
 */
export type Session = { uid: string; exp: number };

export const SESSION_COOKIE = "fx_session";
export const SESSION_TTL_SECONDS = 60 * 60 * 24 * 14;

function mac(secret: string, payload: string) {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

export function signSession(secret: string, uid: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ uid, exp: Math.floor(now / 1000) + SESSION_TTL_SECONDS })).toString("base64url");
  return `${payload}.${mac(secret, payload)}`;
}

export function verifySession(secret: string, token: string | undefined | null, now = Date.now()): Session | null {
  if (!token) return null;
  const parts = token.split(".");
  if (parts.length !== 2) return null;
  const [payload, sig] = parts as [string, string];
  if (!payload || !sig) return null;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const s = JSON.parse(Buffer.from(payload, "base64url").toString()) as Session;
    if (typeof s.uid !== "string" || typeof s.exp !== "number" || s.exp * 1000 < now) return null;
    return s;
  } catch {
    return null;
  }
}

/**
 * The local session a request may use: only while local sign-in is allowed
 * (security review H4). A cookie minted during a demo window
 * (ALLOW_LOCAL_SIGNIN=1 in production) is worthless once the flag is removed,
 * and so is every local cookie once Clerk is configured.
 */
export function acceptedLocalSession(
  secret: string,
  token: string | undefined | null,
  env: NodeJS.ProcessEnv = process.env,
  now = Date.now(),
): Session | null {
  if (!localSignInAllowed(env)) return null;
  return verifySession(secret, token, now);
}
