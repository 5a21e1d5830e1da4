import { getCurrentUser } from "@/packages/server/src/auth";
import { getDb } from "@/packages/server/src/db";
import { addDraftToTemplates, WechatApiError, wechatEnv } from "@/packages/server/src/wechat-open";

export const dynamic = "force-dynamic";

/** Operator: a draft of the template library becomes a template (wxa/addtotemplate). */
export async function POST(req: Request) {
  const user = await getCurrentUser();
  if (!user?.isPlatformOperator) return Response.json({ error: "platform.required" }, { status: 403 });
  const env = wechatEnv();
  if (!env.configured) return Response.json({ error: "wechat.notConfigured" }, { status: 503 });
  const body = (await req.json().catch(() => ({}))) as { draftId?: unknown };
  const draftId = typeof body.draftId === "string" && /^\d{1,12}$/.test(body.draftId) ? body.draftId : null;
  if (!draftId) return Response.json({ error: "invalid" }, { status: 400 });
  try {
    await addDraftToTemplates(await getDb(), env.config, draftId);
    return Response.json({ ok: true });
  } catch (e) {
    return Response.json({ error: e instanceof WechatApiError ? `${e.errcode} ${e.errmsg}` : String((e as Error).message) }, { status: 502 });
  }
}
