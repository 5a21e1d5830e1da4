import { getDb } from "@/packages/server/src/db";
import { handleComponentPush, wechatEnv } from "@/packages/server/src/wechat-open";

export const dynamic = "force-dynamic";

/**
 * WeChat → the platform's third-party platform (授权事件接收 URL):
 * component_verify_ticket every 10 minutes, and authorized / updateauthorized
 * / unauthorized. Signature-checked and decrypted; answers "success".
 */
export async function POST(req: Request) {
  const env = wechatEnv();
  if (!env.configured) return new Response("not configured", { status: 503 });
  const out = await handleComponentPush(await getDb(), env.config, new URL(req.url), await req.text());
  return new Response(out.body, { status: out.status, headers: { "content-type": "text/plain" } });
}
