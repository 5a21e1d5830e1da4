import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { MAX_IMAGE_BYTES } from "@/packages/catalog/src/image";
import { readCapped } from "@/packages/core/src/capped-body";
import { AppError } from "@/packages/core/src/errors";
import { MAX_IMAGE_MB } from "@/packages/db/src/queries/media";
import { translateError } from "@/packages/i18n/src";
import { api, createContext } from "@/packages/server/src/api";

type Caller = Awaited<ReturnType<typeof api>>;

/**
 * One picture upload (multipart field "file") handed to a procedure, which
 * checks who may upload and sniffs the bytes (media.storeImage). Answers
 * { id, url } or { key, message } in the caller's language.
 */
export async function uploadImage(req: Request, store: (caller: Caller, bytes: Uint8Array<ArrayBuffer>) => Promise<{ id: string; url: string }>) {
  const { locale } = await createContext();
  const fail = (status: number, key: string, params: Record<string, string | number> = {}) =>
    Response.json({ key, message: translateError(locale, key, params) }, { status });
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > MAX_IMAGE_BYTES + 64 * 1024) return fail(413, "product.imageTooLarge", { max: MAX_IMAGE_MB });
  // Read at most the limit (plus multipart overhead) whatever content-length says: a chunked body is cut there.
  const body = await readCapped(req.body, MAX_IMAGE_BYTES + 64 * 1024);
  if (!body) return fail(413, "product.imageTooLarge", { max: MAX_IMAGE_MB });
  let file: FormDataEntryValue | null;
  try {
    file = (await new Response(body, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData()).get("file");
  } catch {
    return fail(400, "product.imageEmpty");
  }
  if (!file || typeof file === "string") return fail(400, "product.imageEmpty");
  if (file.size > MAX_IMAGE_BYTES) return fail(413, "product.imageTooLarge", { max: MAX_IMAGE_MB });
  try {
    const m = await store(await api(), new Uint8Array(await file.arrayBuffer()));
    return Response.json({ id: m.id, url: m.url });
  } catch (e) {
    if (e instanceof TRPCError) {
      const cause = e.cause instanceof AppError ? e.cause : null;
      return fail(getHTTPStatusCodeFromError(e), cause?.key ?? e.message, cause?.params ?? {});
    }
    throw e;
  }
}
