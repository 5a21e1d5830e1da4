export const dynamic = "force-dynamic";

/**
 * WeChat Pay notifications go to the tenant's own address
 * (/api/webhooks/wechatpay/{tenantId}, see [tenantId]/route.ts): each merchant
 * verifies and decrypts with its own keys. A post here names no merchant.
 */
export async function POST() {
  return Response.json({ code: "FAIL", message: "notify_url must name the shop: /api/webhooks/wechatpay/{tenantId}" }, { status: 404 });
}
