import { timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import type { NextResponse } from "next/server";
import { getDb } from "@/packages/server/src/db";
import { completeAuthorization, WechatApiError, wechatEnv, wechatErrorKey } from "@/packages/server/src/wechat-open";
import { AUTH_STATE_COOKIE, AUTH_STATE_PATH, authorizingTenant, consoleBack } from "../shared";

export const dynamic = "force-dynamic";

/** WeChat's redirect after the merchant confirmed: auth_code → api_query_auth → stored (refresh token encrypted). */
export async function GET(req: Request) {
  const env = wechatEnv();
  if (!env.configured) return consoleBack(req, { error: "wechat.notConfigured" });
  const u = new URL(req.url);
  const code = u.searchParams.get("auth_code");
  const tenantId = await authorizingTenant();
  if (!tenantId || tenantId !== u.searchParams.get("tenant")) return consoleBack(req, { error: "forbiddenRole" });
  if (!code || code.length > 512) return consoleBack(req, { error: "invalid" });
  // The state this browser was given when it set off (one use): a callback link from anywhere else binds nothing.
  const state = u.searchParams.get("state");
  const kept = (await cookies()).get(AUTH_STATE_COOKIE)?.value;
  const done = (res: NextResponse) => {
    res.cookies.set(AUTH_STATE_COOKIE, "", { path: AUTH_STATE_PATH, maxAge: 0 });
    return res;
  };
  if (!state || !kept || !safeEqual(state, kept)) return done(consoleBack(req, { error: "wechat.authState" }));
  try {
    const r = await completeAuthorization(await getDb(), env.config, tenantId, code);
    return done(consoleBack(req, { authorized: r.nickName || r.appid }));
  } catch (e) {
    console.error("[wechat] authorization failed", e instanceof Error ? e.message : e);
    return done(consoleBack(req, { error: e instanceof WechatApiError ? wechatErrorKey(e.errcode) : ((e as { key?: string }).key ?? "wechat.failed") }));
  }
}

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
