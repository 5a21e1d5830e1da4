import { AppError } from "../../../core/src/errors";
import type { Tx } from "../client";
import { media } from "../schema";

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** The image type from the file's first bytes (never the declared type), or null. */
export function sniffImage(b: Uint8Array): "image/png" | "image/jpeg" | "image/webp" | "image/gif" | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => b[i + k] === x);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return "image/gif";
  return null;
}

/** Stores an uploaded picture in the tenant's media; returns its URL. */
export async function storeImage(tx: Tx, tenantId: string, uploadedBy: string, bytes: Uint8Array): Promise<string> {
  if (bytes.length === 0 || bytes.length > MAX_IMAGE_BYTES) throw new AppError("BAD_REQUEST", "media.tooLarge", { mb: 5 }, "file");
  const type = sniffImage(bytes);
  if (!type) throw new AppError("BAD_REQUEST", "media.type", {}, "file");
  const [row] = await tx.insert(media).values({ tenantId, contentType: type, bytes, size: bytes.length, uploadedBy }).returning({ id: media.id });
  return `/api/media/${tenantId}/${row!.id}`;
}
