import type { Db } from "../../../db/src/client";
import { withContext } from "../../../db/src/context";
import { saveTicket, tenantOfAuthorizer } from "../../../db/src/queries/miniprogram-publishing";
import { authorizationRevoked } from "./authorization";
import { openPush, WechatCryptoError, type PushQuery } from "./crypto";
import type { WechatConfig } from "./env";
import { applyAuditEvent } from "./publish";

/**
 * WeChat's pushes. Both endpoints answer the plain text "success" once a push
 * is handled (anything else makes WeChat retry); a push that fails the
 * signature or decryption is refused (403) and changes nothing.
 */
export type PushResult = { status: number; body: string };

function queryOf(url: URL): PushQuery {
  return { timestamp: url.searchParams.get("timestamp") ?? "", nonce: url.searchParams.get("nonce") ?? "", signature: url.searchParams.get("msg_signature") ?? "" };
}

function open(cfg: WechatConfig, url: URL, body: string): Record<string, string> | null {
  try {
    return openPush(cfg, queryOf(url), body);
  } catch (e) {
    if (e instanceof WechatCryptoError) {
      console.warn(`[wechat] push refused: ${e.message}`);
      return null;
    }
    throw e;
  }
}

/** /api/wechat/component: component_verify_ticket every 10 minutes, and authorization changes. */
export async function handleComponentPush(db: Db, cfg: WechatConfig, url: URL, body: string): Promise<PushResult> {
  const msg = open(cfg, url, body);
  if (!msg) return { status: 403, body: "forbidden" };
  if (msg.AppId && msg.AppId !== cfg.appid) return { status: 403, body: "forbidden" };
  switch (msg.InfoType) {
    case "component_verify_ticket":
      if (msg.ComponentVerifyTicket) await withContext(db, {}, (tx) => saveTicket(tx, cfg.appid, msg.ComponentVerifyTicket!));
      break;
    case "unauthorized":
      if (msg.AuthorizerAppid) await authorizationRevoked(db, msg.AuthorizerAppid);
      break;
    case "authorized":
    case "updateauthorized":
      // The merchant's browser brings the same authorization code to our callback, which stores it for their shop; here we only log it.
      console.log(`[wechat] ${msg.InfoType} ${msg.AuthorizerAppid ?? ""}`);
      break;
    default:
      break;
  }
  return { status: 200, body: "success" };
}

/** /api/wechat/authorizer/{APPID}: messages and events of an authorized mini-program (audit results). */
export async function handleAuthorizerPush(db: Db, cfg: WechatConfig, appid: string, url: URL, body: string): Promise<PushResult> {
  const msg = open(cfg, url, body);
  if (!msg) return { status: 403, body: "forbidden" };
  if (msg.MsgType === "event" && msg.Event?.startsWith("weapp_audit_")) await applyAuditEvent(db, cfg, appid, msg);
  else if (!(await withContext(db, {}, (tx) => tenantOfAuthorizer(tx, appid)))) console.log(`[wechat] message for unknown authorizer ${appid}`);
  return { status: 200, body: "success" };
}
