import { getDb } from "@/packages/server/src/db";
import { handleAuthorizerPush, wechatEnv } from "@/packages/server/src/wechat-open";

export const dynamic = "force-dynamic";

/**
 * WeChat → an authorized mini-program's messages and events (消息与事件接收 URL,
 * configured as /api/wechat/authorizer/$APPID$): the audit results
 * weapp_audit_success / weapp_audit_fail / weapp_audit_delay.
 */
export async function POST(req: Request, { params }: { params: Promise<{ appid: string }> }) {
  const env = wechatEnv();
  if (!env.configured) return new Response("not configured", { status: 503 });
  const { appid } = await params;
  if (!/^wx[0-9a-zA-Z]{6,30}$/.test(appid)) return new Response("not found", { status: 404 });
  const out = await handleAuthorizerPush(await getDb(), env.config, appid, new URL(req.url), await req.text());
  return new Response(out.body, { status: out.status, headers: { "content-type": "text/plain" } });
}
