/** Image types a product picture may have; the declared type is never trusted, the bytes are. */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES = 10;

const startsWith = (b: Uint8Array, sig: number[], at = 0) => b.length >= at + sig.length && sig.every((x, i) => b[at + i] === x);

/** The type the magic bytes say, or null when they are not PNG, JPEG or WebP. */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  // RIFF....WEBP
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return "image/webp";
  return null;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const MEDIA_URL = new RegExp(`^/api/media/(${UUID})/(${UUID})$`, "i");

export const mediaUrl = (tenantId: string, mediaId: string) => `/api/media/${tenantId}/${mediaId}`;

/** {tenantId, mediaId} of an image URL we serve, or null. */
export function parseMediaUrl(url: string): { tenantId: string; mediaId: string } | null {
  const m = MEDIA_URL.exec(url);
  return m ? { tenantId: m[1]!.toLowerCase(), mediaId: m[2]!.toLowerCase() } : null;
}
