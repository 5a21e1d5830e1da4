import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * WeChat's message encryption for third-party platforms: every push (the
 * component_verify_ticket, authorization changes, authorizer events) is XML
 * whose <Encrypt> is AES-256-CBC under the EncodingAESKey (43 base64 chars →
 * 32 bytes, IV = its first 16), plain = 16 random bytes | 4-byte big-endian
 * length | message | app id, PKCS#7-padded to 32-byte blocks. The request's
 * msg_signature = sha1 of the sorted [token, timestamp, nonce, encrypt].
 */

export class WechatCryptoError extends Error {}

export function aesKeyOf(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, "base64");
  if (encodingAesKey.length !== 43 || key.length !== 32) throw new WechatCryptoError("the EncodingAESKey must be 43 characters (32 bytes in base64)");
  return key;
}

export function msgSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypt].sort().join("")).digest("hex");
}

export function verifySignature(token: string, q: { timestamp: string; nonce: string; signature: string }, encrypt: string): boolean {
  const want = Buffer.from(msgSignature(token, q.timestamp, q.nonce, encrypt));
  const got = Buffer.from(q.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

const BLOCK = 32;

export function encryptMessage(encodingAesKey: string, appid: string, xml: string): string {
  const key = aesKeyOf(encodingAesKey);
  const msg = Buffer.from(xml, "utf8");
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  const plain = Buffer.concat([randomBytes(16), len, msg, Buffer.from(appid, "utf8")]);
  const pad = BLOCK - (plain.length % BLOCK);
  const cipher = createCipheriv("aes-256-cbc", key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString("base64");
}

/** The message inside `encrypt`; refuses a bad pad, length or another app id. */
export function decryptMessage(encodingAesKey: string, appid: string, encrypt: string): string {
  const key = aesKeyOf(encodingAesKey);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(Buffer.from(encrypt, "base64")), decipher.final()]);
  } catch {
    throw new WechatCryptoError("the message does not decrypt");
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) throw new WechatCryptoError("bad padding");
  for (let i = plain.length - pad; i < plain.length; i++) if (plain[i] !== pad) throw new WechatCryptoError("bad padding");
  const body = plain.subarray(16, plain.length - pad);
  const len = body.readUInt32BE(0);
  if (len > body.length - 4) throw new WechatCryptoError("bad message length");
  const from = body.subarray(4 + len).toString("utf8");
  if (from !== appid) throw new WechatCryptoError("the message is for another app id");
  return body.subarray(4, 4 + len).toString("utf8");
}

/** A flat WeChat XML message → { Tag: text } (CDATA or plain; WeChat's pushes have one level). */
export function parseXml(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /<([A-Za-z_][\w.-]*)>\s*(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))\s*<\/\1>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) out[m[1]!] = m[2] ?? decodeEntities(m[3] ?? "");
  return out;
}

const decodeEntities = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");

export function toXml(fields: Record<string, string | number>): string {
  return `<xml>${Object.entries(fields).map(([k, v]) => (typeof v === "number" ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v.replace(/]]>/g, "]]]]><![CDATA[>")}]]></${k}>`)).join("")}</xml>`;
}

export type PushQuery = { timestamp: string; nonce: string; signature: string };

/** How far a push's signed timestamp may be from now: a captured push cannot be posted again later. */
export const PUSH_MAX_SKEW_MS = 5 * 60_000;

/**
 * A push as WeChat posts it: the outer XML's <Encrypt>, checked against
 * msg_signature and its signed timestamp (within PUSH_MAX_SKEW_MS of now),
 * then decrypted and parsed. Throws WechatCryptoError.
 */
export function openPush(cfg: { token: string; aesKey: string; appid: string }, q: PushQuery, rawBody: string, now = Date.now()): Record<string, string> {
  const encrypt = parseXml(rawBody).Encrypt;
  if (!encrypt) throw new WechatCryptoError("no <Encrypt> in the body");
  if (!verifySignature(cfg.token, q, encrypt)) throw new WechatCryptoError("bad msg_signature");
  const at = Number(q.timestamp) * 1000;
  if (!Number.isFinite(at) || Math.abs(now - at) > PUSH_MAX_SKEW_MS) throw new WechatCryptoError("stale push (timestamp out of range)");
  return parseXml(decryptMessage(cfg.aesKey, cfg.appid, encrypt));
}

/** The same, built (tests and the fake WeChat): body and query of a push. */
export function sealPush(cfg: { token: string; aesKey: string; appid: string }, fields: Record<string, string | number>, at = Date.now()) {
  const encrypt = encryptMessage(cfg.aesKey, cfg.appid, toXml(fields));
  const timestamp = String(Math.floor(at / 1000));
  const nonce = randomBytes(6).toString("hex");
  const signature = msgSignature(cfg.token, timestamp, nonce, encrypt);
  return { body: toXml({ AppId: cfg.appid, Encrypt: encrypt }), query: { timestamp, nonce, msg_signature: signature, encrypt_type: "aes" } };
}
