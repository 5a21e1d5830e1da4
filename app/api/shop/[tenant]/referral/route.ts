import { NextResponse } from "next/server";
import { z } from "zod";
import { getCurrentUser } from "@/packages/server/src/auth";
import { bindVisit } from "@/packages/server/src/referral";

export const dynamic = "force-dynamic";

const body = z.object({ code: z.string().trim().regex(/^[A-Za-z0-9]{4,32}$/), via: z.enum(["link", "qr"]).default("link") });

/**
 * A share link or QR was opened (?ref=CODE). A signed-in shopper is bound by
 * the tenant's rule now; an anonymous visit changes nothing here (the code is
 * in the shop's cookie and applied at sign-in or checkout). Answers 204
 * either way, so a share visit never logs an error.
 */
export async function POST(req: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const parsed = body.safeParse(await req.json().catch(() => null));
  if (!parsed.success) return NextResponse.json({ error: "bad code" }, { status: 400 });
  const user = await getCurrentUser();
  if (user) await bindVisit(user.id, decodeURIComponent((await params).tenant), parsed.data.code, parsed.data.via);
  return new NextResponse(null, { status: 204 });
}
