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

export class SessionError extends Error {
  constructor(message: string, readonly key: string | null = null) {
    super(message);
  }
}

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
export function ensureSession(wx: WxLike, ext: ExtConfig, locale = "zh-CN"): Promise<Session> {
  const s = storedSession(wx, ext.tenant);
  if (s) return Promise.resolve(s);
  pending ??= login(wx, ext, locale).finally(() => {
    pending = null;
  });
  return pending;
}

async function login(wx: WxLike, ext: ExtConfig, locale: string): Promise<Session> {
  const { code } = await call<{ code: string }>((o) => wx.login(o));
  const res = await request(wx, { url: `${ext.apiBase}/api/miniprogram/session`, method: "POST", data: { code, tenant: ext.tenant }, header: { "content-type": "application/json", "x-locale": locale } });
  // { token, expiresAt, user, shop }, or { error: { key, message } } in X-Locale's language (app/api/miniprogram/session).
  const body = res.data as (Partial<Session> & { error?: { key?: string; message?: string } }) | null;
  if (res.statusCode !== 200 || typeof body?.token !== "string" || typeof body.expiresAt !== "string") {
    throw new SessionError(body?.error?.message ?? `login failed (HTTP ${res.statusCode})`, body?.error?.key ?? null);
  }
  const session = { token: body.token, expiresAt: body.expiresAt };
  wx.setStorageSync(KEY, { ...session, tenant: ext.tenant });
  return session;
}
