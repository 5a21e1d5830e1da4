/**
 * The signed preview link of a shop's drafts (PRODUCT.md §6.4): anyone with
 * the link sees the current drafts for 24 hours, behind a 预览 banner; no
 * account needed, so a merchant can open it on a phone from a QR code. The
 * token names the tenant and its expiry, signed with the session secret.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { sessionSecret } from "./secret";

export const PREVIEW_TTL_MS = 24 * 60 * 60 * 1000;

const mac = (body: string, secret: string) => createHmac("sha256", secret).update(`preview:${body}`).digest("base64url");

export function signPreviewToken(tenantId: string, now = Date.now(), secret = sessionSecret()): { token: string; expiresAt: Date } {
  const expires = now + PREVIEW_TTL_MS;
  const body = `${tenantId}.${expires.toString(36)}`;
  return { token: `${body}.${mac(body, secret)}`, expiresAt: new Date(expires) };
}

/** The tenant a preview token is for, or null when it is forged, for another shop or expired. */
export function verifyPreviewToken(token: string | null | undefined, tenantId: string, now = Date.now(), secret = sessionSecret()): boolean {
  if (!token || token.length > 200) return false;
  const parts = token.split(".");
  if (parts.length !== 3) return false;
  const [id, exp, sig] = parts as [string, string, string];
  const expected = Buffer.from(mac(`${id}.${exp}`, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  if (id.toLowerCase() !== tenantId.toLowerCase()) return false;
  return Number.parseInt(exp, 36) > now;
}
