import { constants, createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, createSign, createVerify, privateDecrypt, publicEncrypt, randomBytes, X509Certificate, type KeyObject } from "node:crypto";
import { WebhookSignatureError } from "./webhook";

/**
 * WeChat Pay API v3 signatures and AEAD (the formats of pay.weixin.qq.com
 * "签名生成 / 签名验证 / 回调报文解密"):
 *
 * - Request: `Authorization: WECHATPAY2-SHA256-RSA2048 mchid="…",nonce_str="…",signature="…",timestamp="…",serial_no="…"`,
 *   signature = base64(RSA-SHA256(merchant private key, `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`)), URL = path + query.
 * - Response / notification: `Wechatpay-Timestamp`, `-Nonce`, `-Signature`, `-Serial`;
 *   verified with the platform certificate (or WeChat Pay public key) named by the serial over `TIMESTAMP\nNONCE\nBODY\n`.
 * - wx.requestPayment: paySign = base64(RSA-SHA256(merchant key, `appId\ntimeStamp\nnonceStr\npackage\n`)), signType "RSA".
 * - Resources (notifications, downloaded certificates): AEAD_AES_256_GCM with the 32-byte API v3 key,
 *   12-byte nonce, associated_data, ciphertext = base64(encrypted ‖ 16-byte tag).
 */

export const AUTH_SCHEMA = "WECHATPAY2-SHA256-RSA2048";
/** Notifications (and answers) older or newer than this are refused: a replay of a captured one. */
export const MAX_SKEW_S = 5 * 60;

export const nonce = (bytes = 16) => randomBytes(bytes).toString("hex");
export const nowS = () => Math.floor(Date.now() / 1000);

export function privateKeyOf(pem: string): KeyObject {
  return createPrivateKey({ key: pem, format: "pem" });
}

/** A platform certificate (X.509 PEM) or a WeChat Pay public key (PEM). */
export function publicKeyOf(pem: string): KeyObject {
  if (pem.includes("BEGIN CERTIFICATE")) return new X509Certificate(pem).publicKey;
  return createPublicKey({ key: pem, format: "pem" });
}

export function rsaSign(key: KeyObject | string, message: string): string {
  return createSign("RSA-SHA256").update(message, "utf8").sign(typeof key === "string" ? privateKeyOf(key) : key, "base64");
}

export function rsaVerify(key: KeyObject | string, message: string, signature: string): boolean {
  try {
    return createVerify("RSA-SHA256").update(message, "utf8").verify(typeof key === "string" ? publicKeyOf(key) : key, signature, "base64");
  } catch {
    return false;
  }
}

export const requestMessage = (method: string, url: string, timestamp: string, nonceStr: string, body: string) =>
  `${method.toUpperCase()}\n${url}\n${timestamp}\n${nonceStr}\n${body}\n`;

/** The Authorization header of one API call (url = path with query, exactly as sent). */
export function authorization(p: { mchid: string; serialNo: string; privateKey: KeyObject | string; method: string; url: string; body: string; timestamp?: string; nonceStr?: string }): string {
  const timestamp = p.timestamp ?? String(nowS());
  const nonceStr = p.nonceStr ?? nonce();
  const signature = rsaSign(p.privateKey, requestMessage(p.method, p.url, timestamp, nonceStr, p.body));
  return `${AUTH_SCHEMA} mchid="${p.mchid}",nonce_str="${nonceStr}",signature="${signature}",timestamp="${timestamp}",serial_no="${p.serialNo}"`;
}

/** The parts of an Authorization header (the fake server checks ours with it). */
export function parseAuthorization(header: string | null | undefined): { mchid: string; nonce_str: string; signature: string; timestamp: string; serial_no: string } | null {
  if (!header || !header.startsWith(AUTH_SCHEMA + " ")) return null;
  const out: Record<string, string> = {};
  for (const m of header.slice(AUTH_SCHEMA.length + 1).matchAll(/(\w+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  const { mchid, nonce_str, signature, timestamp, serial_no } = out;
  if (!mchid || !nonce_str || !signature || !timestamp || !serial_no) return null;
  return { mchid, nonce_str, signature, timestamp, serial_no };
}

/** What the mini-program passes to `wx.requestPayment` (all strings, as WeChat wants them). */
export type RequestPaymentParams = { appId: string; timeStamp: string; nonceStr: string; package: string; signType: "RSA"; paySign: string };

export function requestPaymentParams(p: { appId: string; prepayId: string; privateKey: KeyObject | string; timeStamp?: string; nonceStr?: string }): RequestPaymentParams {
  const timeStamp = p.timeStamp ?? String(nowS());
  const nonceStr = p.nonceStr ?? nonce();
  const pkg = `prepay_id=${p.prepayId}`;
  return { appId: p.appId, timeStamp, nonceStr, package: pkg, signType: "RSA", paySign: rsaSign(p.privateKey, `${p.appId}\n${timeStamp}\n${nonceStr}\n${pkg}\n`) };
}

/** Checks paySign with the merchant's public key (tests, and what WeChat does). */
export function verifyRequestPayment(params: RequestPaymentParams, merchantPublicKey: KeyObject | string): boolean {
  return rsaVerify(merchantPublicKey, `${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`, params.paySign);
}

export type SignedHeaders = { timestamp: string | null; nonce: string | null; signature: string | null; serial: string | null };

export const signedHeadersOf = (h: { get(name: string): string | null }): SignedHeaders => ({
  timestamp: h.get("wechatpay-timestamp"),
  nonce: h.get("wechatpay-nonce"),
  signature: h.get("wechatpay-signature"),
  serial: h.get("wechatpay-serial"),
});

/**
 * Verifies a notification (or an API answer) signed by WeChat Pay: the key
 * named by Wechatpay-Serial, the signature over `timestamp\nnonce\nbody\n`, and
 * a timestamp within five minutes of now. Throws WebhookSignatureError.
 */
export function verifySigned(h: SignedHeaders, body: string, keyFor: (serial: string) => KeyObject | null, now = nowS()): void {
  if (!h.timestamp || !h.nonce || !h.signature || !h.serial) throw new WebhookSignatureError("missing Wechatpay-* headers");
  // WeChat sends probe requests signed "WECHATPAY/SIGNTEST/…": never valid.
  if (h.signature.startsWith("WECHATPAY/SIGNTEST/")) throw new WebhookSignatureError("signature test probe");
  const ts = Number(h.timestamp);
  if (!/^\d{1,12}$/.test(h.timestamp) || Math.abs(now - ts) > MAX_SKEW_S) throw new WebhookSignatureError("stale timestamp");
  const key = keyFor(h.serial);
  if (!key) throw new WebhookSignatureError("unknown platform serial");
  if (!rsaVerify(key, `${h.timestamp}\n${h.nonce}\n${body}\n`, h.signature)) throw new WebhookSignatureError("invalid signature");
}

/** Signs an answer or a notification as WeChat Pay does (the fake server). */
export function signAsPlatform(privateKey: KeyObject | string, serial: string, body: string, timestamp = String(nowS()), nonceStr = nonce()): Record<string, string> {
  return {
    "wechatpay-timestamp": timestamp,
    "wechatpay-nonce": nonceStr,
    "wechatpay-signature": rsaSign(privateKey, `${timestamp}\n${nonceStr}\n${body}\n`),
    "wechatpay-serial": serial,
    "wechatpay-signature-type": AUTH_SCHEMA,
  };
}

export type EncryptedResource = { algorithm: string; ciphertext: string; associated_data?: string; nonce: string; original_type?: string };

function v3Key(apiV3Key: string): Buffer {
  const k = Buffer.from(apiV3Key, "utf8");
  if (k.length !== 32) throw new Error("the API v3 key must be 32 bytes");
  return k;
}

/** AEAD_AES_256_GCM decryption of a notification resource or a certificate; throws on a tampered one. */
export function decryptResource(r: EncryptedResource, apiV3Key: string): string {
  if (r.algorithm !== "AEAD_AES_256_GCM") throw new WebhookSignatureError(`unsupported algorithm ${r.algorithm}`);
  const data = Buffer.from(r.ciphertext, "base64");
  if (data.length < 17) throw new WebhookSignatureError("ciphertext too short");
  try {
    const d = createDecipheriv("aes-256-gcm", v3Key(apiV3Key), Buffer.from(r.nonce, "utf8"));
    d.setAAD(Buffer.from(r.associated_data ?? "", "utf8"));
    d.setAuthTag(data.subarray(data.length - 16));
    return Buffer.concat([d.update(data.subarray(0, data.length - 16)), d.final()]).toString("utf8");
  } catch {
    throw new WebhookSignatureError("resource does not decrypt");
  }
}

export function encryptResource(plain: string, apiV3Key: string, associatedData: string, originalType: string): EncryptedResource {
  const n = randomBytes(6).toString("hex"); // 12 characters, as WeChat's nonces
  const c = createCipheriv("aes-256-gcm", v3Key(apiV3Key), Buffer.from(n, "utf8"));
  c.setAAD(Buffer.from(associatedData, "utf8"));
  const ct = Buffer.concat([c.update(plain, "utf8"), c.final(), c.getAuthTag()]);
  return { algorithm: "AEAD_AES_256_GCM", ciphertext: ct.toString("base64"), associated_data: associatedData, nonce: n, original_type: originalType };
}

/** Our ids in WeChat's alphabet (out_trade_no / out_refund_no: letters, digits, _-|*, at most 32 / 64). */
export const outTradeNo = (paymentId: string) => paymentId.replace(/-/g, "");
export const outRefundNo = (refundId: string, attempt: number) => `${refundId.replace(/-/g, "")}_a${attempt}`;
const uuidOf = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
export function parseOutRefundNo(no: string): { refundId: string; attempt: number } | null {
  const m = /^([0-9a-f]{32})_a(\d{1,6})$/i.exec(no);
  return m ? { refundId: uuidOf(m[1]!.toLowerCase()), attempt: Number(m[2]) } : null;
}
export function parseOutTradeNo(no: string): string | null {
  return /^[0-9a-f]{32}$/i.test(no) ? uuidOf(no.toLowerCase()) : null;
}

/** A sensitive field (a payee's real name) encrypted for WeChat Pay with its platform key: RSA-OAEP (SHA-1), base64. */
export function encryptForPlatform(key: KeyObject | string, plain: string): string {
  return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(plain, "utf8")).toString("base64");
}

/** The platform's side of encryptForPlatform (the fake WeChat Pay reads names back with it). */
export function decryptAsPlatform(key: KeyObject | string, cipher: string): string {
  return privateDecrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" }, Buffer.from(cipher, "base64")).toString("utf8");
}
