import type { ExtConfig } from "./ext";
import { call, request, type WxLike } from "./wx";

/**
 * The shopper's bearer token: `wx.login` code → POST /api/miniprogram/session
 * ({ code, tenant } → { token, expiresAt }), kept in storage until a minute
 * before it expires (the mini-program has no cookies).
 */
export type Session = { token: string; expiresAt: string };
const KEY = "fx_session";
const MARGIN_MS = 60_000;

export class SessionError extends Error {}

export function storedSession(wx: WxLike, tenant: string, now = Date.now()): Session | null {
  const s = wx.getStorageSync(KEY) as (Session & { tenant?: string }) | "" | undefined;
  if (!s || typeof s !== "object" || s.tenant !== tenant || typeof s.token !== "string") return null;
  return Date.parse(s.expiresAt) - MARGIN_MS > now ? { token: s.token, expiresAt: s.expiresAt } : null;
}

export function forgetSession(wx: WxLike) {
  wx.removeStorageSync(KEY);
}

let pending: Promise<Session> | null = null;

/** A valid token, logging in when there is none; concurrent callers share one login. */
export function ensureSession(wx: WxLike, ext: ExtConfig): Promise<Session> {
  const s = storedSession(wx, ext.tenant);
  if (s) return Promise.resolve(s);
  pending ??= login(wx, ext).finally(() => {
    pending = null;
  });
  return pending;
}

async function login(wx: WxLike, ext: ExtConfig): Promise<Session> {
  const { code } = await call<{ code: string }>((o) => wx.login(o));
  const res = await request(wx, { url: `${ext.apiBase}/api/miniprogram/session`, method: "POST", data: { code, tenant: ext.tenant }, header: { "content-type": "application/json" } });
  const body = res.data as Partial<Session> & { error?: string; message?: string };
  if (res.statusCode !== 200 || typeof body?.token !== "string" || typeof body.expiresAt !== "string") {
    throw new SessionError(body?.message ?? body?.error ?? `login failed (HTTP ${res.statusCode})`);
  }
  const session = { token: body.token, expiresAt: body.expiresAt };
  wx.setStorageSync(KEY, { ...session, tenant: ext.tenant });
  return session;
}
