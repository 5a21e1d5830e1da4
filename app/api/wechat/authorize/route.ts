import { NextResponse } from "next/server";
import { getDb } from "@/packages/server/src/db";
import { authorizationUrl, wechatEnv } from "@/packages/server/src/wechat-open";
import { authorizingTenant, consoleBack, publicOrigin } from "./shared";

export const dynamic = "force-dynamic";

/**
 * 授权小程序: an owner or admin of the console's shop is sent to WeChat's
 * authorization page with a fresh pre_auth_code; WeChat sends them back to
 * ./callback (naming the shop, so a shop switch meanwhile cannot store it for
 * another). The permission is checked before anything is asked of WeChat.
 */
export async function GET(req: Request) {
  const env = wechatEnv();
  if (!env.configured) return consoleBack(req, { error: "wechat.notConfigured" });
  const tenantId = await authorizingTenant();
  if (!tenantId) return consoleBack(req, { error: "forbiddenRole" });
  try {
    const back = new URL("/api/wechat/authorize/callback", publicOrigin(req));
    back.searchParams.set("tenant", tenantId);
    return NextResponse.redirect(await authorizationUrl(await getDb(), env.config, back.href), 303);
  } catch (e) {
    console.error("[wechat] pre_auth_code failed", e instanceof Error ? e.message : e);
    return consoleBack(req, { error: (e as { key?: string }).key ?? "wechat.failed" });
  }
}
