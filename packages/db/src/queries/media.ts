import { and, eq } from "drizzle-orm";
import { MAX_IMAGE_BYTES, mediaUrl, sniffImage } from "../../../catalog/src/image";
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

/** A stored picture of the current tenant, for /api/media. */
export async function getMedia(tx: Tx, tenantId: string, id: string) {
  const [m] = await tx
    .select({ contentType: media.contentType, bytes: media.bytes, size: media.size })
    .from(media)
    .where(and(eq(media.tenantId, tenantId), eq(media.id, id)));
  return m ?? null;
}

export { MAX_MB as MAX_IMAGE_MB };
