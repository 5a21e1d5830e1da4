import { NextResponse } from "next/server";
import { getDb } from "@/packages/server/src/db";
import { authorizationUrl, wechatEnv } from "@/packages/server/src/wechat-open";
import { randomBytes } from "node:crypto";
import { AUTH_STATE_COOKIE, AUTH_STATE_PATH, authorizingTenant, consoleBack, publicOrigin } from "./shared";

export const dynamic = "force-dynamic";

/**
 * 授权小程序: an owner or admin of the console's shop is sent to WeChat's
 * authorization page with a fresh pre_auth_code; WeChat sends them back to
 * ./callback (naming the shop, so a shop switch meanwhile cannot store it for
 * another, and a one-time state kept in this browser's cookie). The permission
 * is checked before anything is asked of WeChat.
 */
export async function GET(req: Request) {
  const env = wechatEnv();
  if (!env.configured) return consoleBack(req, { error: "wechat.notConfigured" });
  const tenantId = await authorizingTenant();
  if (!tenantId) return consoleBack(req, { error: "forbiddenRole" });
  try {
    const back = new URL("/api/wechat/authorize/callback", publicOrigin(req));
    const state = randomBytes(24).toString("base64url");
    back.searchParams.set("tenant", tenantId);
    back.searchParams.set("state", state);
    const res = NextResponse.redirect(await authorizationUrl(await getDb(), env.config, back.href), 303);
    res.cookies.set(AUTH_STATE_COOKIE, state, { httpOnly: true, sameSite: "lax", secure: new URL(back).protocol === "https:", path: AUTH_STATE_PATH, maxAge: 600 });
    return res;
  } catch (e) {
    console.error("[wechat] pre_auth_code failed", e instanceof Error ? e.message : e);
    return consoleBack(req, { error: (e as { key?: string }).key ?? "wechat.failed" });
  }
}
