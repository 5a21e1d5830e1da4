import { after } from "next/server";
import { getDb } from "@/packages/server/src/db";
import { paymentsRuntime } from "@/packages/server/src/payments";
import { signedHeadersOf } from "@/packages/server/src/wechatpay-crypto";
import { wechatPayRuntime } from "@/packages/server/src/wechatpay-checkout";
import { merchantsFrom } from "@/packages/server/src/wechatpay-merchants";
import { handleWechatPayNotification } from "@/packages/server/src/wechatpay-webhook";

export const dynamic = "force-dynamic";

/**
 * WeChat Pay → orders: the notify_url of a tenant's payments and refunds
 * (`{WECHATPAY_NOTIFY_BASE}/api/webhooks/wechatpay/{tenantId}`; WeChat allows
 * no query string, and each direct merchant has its own keys, hence the path).
 * Verified (platform key, timestamp ≤ 5 min), decrypted, applied once per
 * notification id. Answers 200 {code:"SUCCESS"}; 4xx/5xx {code:"FAIL",message} makes WeChat retry.
 */
export async function POST(req: Request, { params }: { params: Promise<{ tenantId: string }> }) {
  const { tenantId } = await params;
  const raw = await req.text();
  const db = await getDb();
  const out = await handleWechatPayNotification(
    { db, providers: paymentsRuntime().providers, client: wechatPayRuntime(getDb).client, merchants: merchantsFrom(db) },
    tenantId,
    signedHeadersOf(req.headers),
    raw,
  );
  if (out.followUp) {
    const followUp = out.followUp;
    after(() => followUp().catch((e) => console.error("[wechatpay webhook] follow-up failed (the jobs retry it)", e)));
  }
  return Response.json(out.body, { status: out.status });
}
