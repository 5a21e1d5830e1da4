import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { AppError } from "@/packages/core/src/errors";
import { MAX_IMAGE_BYTES } from "@/packages/catalog/src/image";
import { translateError } from "@/packages/i18n/src";
import { api, createContext } from "@/packages/server/src/api";

export const dynamic = "force-dynamic";

/**
 * Upload of one product picture (multipart field "file"). Goes through the
 * products.uploadMedia procedure, so the caller must be a member of the
 * active tenant with catalog.write, and the bytes are sniffed there.
 * Answers { id, url } or { message, key } (message in the caller's language).
 */
export async function POST(req: Request) {
  const { locale } = await createContext();
  const fail = (status: number, key: string, params: Record<string, string | number> = {}) =>
    Response.json({ key, message: translateError(locale, key, params) }, { status });
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_IMAGE_BYTES + 64 * 1024) return fail(413, "product.imageTooLarge", { max: 5 });
  let file: FormDataEntryValue | null;
  try {
    file = (await req.formData()).get("file");
  } catch {
    return fail(400, "product.imageEmpty");
  }
  if (!file || typeof file === "string") return fail(400, "product.imageEmpty");
  if (file.size > MAX_IMAGE_BYTES) return fail(413, "product.imageTooLarge", { max: 5 });
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    const caller = await api();
    const m = await caller.products.uploadMedia({ bytes });
    return Response.json({ id: m.id, url: m.url });
  } catch (e) {
    if (e instanceof TRPCError) {
      const cause = e.cause instanceof AppError ? e.cause : null;
      return fail(getHTTPStatusCodeFromError(e), cause?.key ?? e.message, cause?.params ?? {});
    }
    throw e;
  }
}
