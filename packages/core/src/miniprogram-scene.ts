/**
 * The `scene` of a mini-program code (getwxacodeunlimit, PRODUCT.md §7.1): at
 * most 32 characters of [0-9A-Za-z!#$&'()*+,/:;=?@-._~]. It carries the
 * distributor's referral code and what the code leads to:
 *
 *   CODE            the shop's home           (code: 4–32 letters and digits)
 *   CODE.d          the distributor's personal shop (H5: /d/CODE)
 *   CODE.XXXXXXXX…  a product: its UUID's 16 bytes in base64url, 22 characters
 *
 * so a product code fits referral codes of up to 9 characters (ours are 8,
 * newReferralCode). 22 characters are the least a plain alphabet gives a
 * UUID without a per-tenant short id (a lookup table for every shared
 * product); WeChat's 82-character set would save one. The landing page
 * decodes it and binds like an H5 share link (source "qr"). Pure.
 */
export const SCENE_MAX = 32;
export const SCENE_ALPHABET = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;

export type SceneTarget = { kind: "home" } | { kind: "personalShop" } | { kind: "product"; productId: string };
export type Scene = { code: string; target: SceneTarget };

const CODE = /^[A-Za-z0-9]{4,32}$/;
const UUID_HEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

function uuidToB64(uuid: string): string {
  const hex = uuid.replace(/-/g, "").toLowerCase();
  let bits = "";
  for (const h of hex) bits += parseInt(h, 16).toString(2).padStart(4, "0");
  bits += "0000"; // 128 bits → 22 sextets (132 bits), the last 4 zero
  let out = "";
  for (let i = 0; i < bits.length; i += 6) out += B64[parseInt(bits.slice(i, i + 6), 2)];
  return out;
}

function b64ToUuid(s: string): string | null {
  if (s.length !== 22) return null;
  let bits = "";
  for (const c of s) {
    const v = B64.indexOf(c);
    if (v < 0) return null;
    bits += v.toString(2).padStart(6, "0");
  }
  if (!bits.endsWith("0000")) return null; // one spelling per UUID
  let hex = "";
  for (let i = 0; i < 128; i += 4) hex += parseInt(bits.slice(i, i + 4), 2).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The scene for `s`, or null when it does not fit 32 characters (a referral code over 9 characters with a product) or is malformed. */
export function encodeScene(s: Scene): string | null {
  if (!CODE.test(s.code)) return null;
  const code = s.code.toUpperCase();
  if (s.target.kind === "home") return code;
  if (s.target.kind === "personalShop") return code.length + 2 <= SCENE_MAX ? `${code}.d` : null;
  if (!UUID_HEX.test(s.target.productId)) return null;
  const out = `${code}.${uuidToB64(s.target.productId)}`;
  return out.length <= SCENE_MAX ? out : null;
}

/**
 * The scene a landing page received (`options.scene`, URL-encoded by WeChat:
 * decoded here when it still is), or null when it is not one of ours.
 */
export function decodeScene(raw: string | null | undefined): Scene | null {
  let s = (raw ?? "").trim();
  if (s.includes("%")) {
    try {
      s = decodeURIComponent(s);
    } catch {
      return null;
    }
  }
  if (s.length === 0 || s.length > SCENE_MAX) return null;
  const dot = s.indexOf(".");
  const code = dot < 0 ? s : s.slice(0, dot);
  if (!CODE.test(code)) return null;
  if (dot < 0) return { code: code.toUpperCase(), target: { kind: "home" } };
  if (s.slice(dot + 1) === "d") return { code: code.toUpperCase(), target: { kind: "personalShop" } };
  const productId = b64ToUuid(s.slice(dot + 1));
  return productId ? { code: code.toUpperCase(), target: { kind: "product", productId } } : null;
}
