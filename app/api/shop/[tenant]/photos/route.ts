import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { AppError } from "@/packages/core/src/errors";
import { setContext, withContext } from "@/packages/db/src/context";
import { storeImage } from "@/packages/db/src/queries/media";
import { resolveTenant } from "@/packages/db/src/queries/tenants";
import { translateError, toLocale, LOCALE_COOKIE } from "@/packages/i18n/src";
import { getCurrentUser } from "@/packages/server/src/auth";
import { getDb } from "@/packages/server/src/db";

/** A signed-in shopper uploads a photo (return evidence) to the storefront's tenant: multipart field "file". */
export async function POST(req: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: translateError(locale, "unauthorized") }, { status: 401 });
  const { tenant: key } = await params;
  const form = await req.formData().catch(() => null);
  const file = form?.get("file");
  if (!(file instanceof Blob)) return NextResponse.json({ error: translateError(locale, "media.type") }, { status: 400 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    const url = await withContext(await getDb(), { userId: user.id }, async (tx) => {
      const hit = await resolveTenant(tx, decodeURIComponent(key));
      if (!hit || hit.status !== "active") throw new AppError("NOT_FOUND", "notFound");
      await setContext(tx, { userId: user.id, tenantId: hit.id });
      return storeImage(tx, hit.id, user.id, bytes);
    });
    return NextResponse.json({ url });
  } catch (e) {
    if (e instanceof AppError) return NextResponse.json({ error: translateError(locale, e.key, e.params) }, { status: e.code === "NOT_FOUND" ? 404 : 400 });
    throw e;
  }
}
