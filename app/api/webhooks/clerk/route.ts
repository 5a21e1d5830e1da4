import { applyClerkEvent, verifyClerkWebhook, WebhookSignatureError } from "@/packages/server/src/clerk-webhook";
import { getDb } from "@/packages/server/src/db";

export const dynamic = "force-dynamic";

/** Clerk → users and memberships. Verified with svix (CLERK_WEBHOOK_SIGNING_SECRET). */
export async function POST(req: Request) {
  const secret = process.env.CLERK_WEBHOOK_SIGNING_SECRET;
  if (!secret) return Response.json({ error: "CLERK_WEBHOOK_SIGNING_SECRET is not set" }, { status: 503 });
  const body = await req.text();
  try {
    const evt = verifyClerkWebhook(secret, body, req.headers);
    const result = await applyClerkEvent(await getDb(), evt);
    return Response.json({ ok: true, result });
  } catch (e) {
    if (e instanceof WebhookSignatureError) return Response.json({ error: "invalid signature" }, { status: 400 });
    throw e;
  }
}
