import { and, eq, inArray } from "drizzle-orm";
import { MAX_IMAGE_BYTES, mediaUrl, parseMediaUrl, sniffImage } from "../../../catalog/src/image";
import { AppError } from "../../../core/src/errors";
import type { Tx } from "../client";
import { media } from "../schema";
import { hitRateLimit } from "./rate-limits";

/** Largest upload in MB, for messages. */
const MAX_MB = MAX_IMAGE_BYTES / (1024 * 1024);

/**
 * Stores an uploaded picture (product images, return photos) after checking
 * its bytes: PNG, JPEG or WebP by their magic bytes, never the declared type.
 */
export async function storeImage(tx: Tx, tenantId: string, userId: string | null, bytes: Uint8Array) {
  if (bytes.byteLength === 0) throw new AppError("BAD_REQUEST", "product.imageEmpty", {}, "file");
  if (bytes.byteLength > MAX_IMAGE_BYTES) throw new AppError("BAD_REQUEST", "product.imageTooLarge", { max: MAX_MB }, "file");
  const contentType = sniffImage(bytes);
  if (!contentType) throw new AppError("BAD_REQUEST", "product.imageType", {}, "file");
  // Per uploader and shop, and the shop's bytes per day by everyone (storage DoS, review M5).
  await hitRateLimit(tx, "upload", [tenantId, userId ?? "anonymous"]);
  await hitRateLimit(tx, "tenantUploadBytes", [tenantId], bytes.byteLength);
  const id = crypto.randomUUID();
  await tx.insert(media).values({ tenantId, id, contentType, bytes, size: bytes.byteLength, uploadedBy: userId });
  return { id, url: mediaUrl(tenantId, id), contentType, size: bytes.byteLength };
}

/**
 * Stores several pictures at once (a template's product images), one insert,
 * checked like an upload. Returns their URLs in order.
 */
export async function storeImages(tx: Tx, tenantId: string, userId: string | null, files: Uint8Array[]): Promise<string[]> {
  const rows = files.map((bytes) => {
    const contentType = sniffImage(bytes);
    if (!contentType || bytes.byteLength > MAX_IMAGE_BYTES) throw new AppError("BAD_REQUEST", "product.imageType", {}, "file");
    return { tenantId, id: crypto.randomUUID(), contentType, bytes, size: bytes.byteLength, uploadedBy: userId };
  });
  if (rows.length) await tx.insert(media).values(rows);
  return rows.map((r) => mediaUrl(tenantId, r.id));
}

/**
 * Copies the given media of `fromTenantId` (the caller's context must be that
 * tenant's, so RLS lets the rows be read) and returns the rows to insert into
 * `toTenantId`, keyed by the old URL → the new URL. Nothing is written here:
 * the caller switches to the new tenant's context and calls insertCopies.
 */
export async function readMediaCopies(tx: Tx, fromTenantId: string, toTenantId: string, urls: string[]) {
  const ids = [...new Set(urls.map(parseMediaUrl).filter((r) => r?.tenantId === fromTenantId).map((r) => r!.mediaId))];
  const rows = ids.length
    ? await tx.select().from(media).where(and(eq(media.tenantId, fromTenantId), inArray(media.id, ids)))
    : [];
  const urlMap = new Map<string, string>();
  const copies = rows.map((m) => {
    const id = crypto.randomUUID();
    urlMap.set(mediaUrl(fromTenantId, m.id), mediaUrl(toTenantId, id));
    return { ...m, tenantId: toTenantId, id, createdAt: undefined };
  });
  return { urlMap, copies };
}

export async function insertMediaCopies(tx: Tx, copies: Awaited<ReturnType<typeof readMediaCopies>>["copies"]) {
  if (copies.length) await tx.insert(media).values(copies);
}

/** A stored picture of the current tenant, for /api/media. */
export async function getMedia(tx: Tx, tenantId: string, id: string) {
  const [m] = await tx
    .select({ contentType: media.contentType, bytes: media.bytes, size: media.size })
    .from(media)
    .where(and(eq(media.tenantId, tenantId), eq(media.id, id)));
  return m ?? null;
}

export { MAX_MB as MAX_IMAGE_MB };
