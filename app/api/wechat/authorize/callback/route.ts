import { getDb } from "@/packages/server/src/db";
import { completeAuthorization, WechatApiError, wechatEnv, wechatErrorKey } from "@/packages/server/src/wechat-open";
import { authorizingTenant, consoleBack } from "../shared";

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
  try {
    const r = await completeAuthorization(await getDb(), env.config, tenantId, code);
    return consoleBack(req, { authorized: r.nickName || r.appid });
  } catch (e) {
    console.error("[wechat] authorization failed", e instanceof Error ? e.message : e);
    return consoleBack(req, { error: e instanceof WechatApiError ? wechatErrorKey(e.errcode) : ((e as { key?: string }).key ?? "wechat.failed") });
  }
}
