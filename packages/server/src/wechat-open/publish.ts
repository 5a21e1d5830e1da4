import type { Db } from "../../../db/src/client";
import { withContext } from "../../../db/src/context";
import { AppError } from "../../../core/src/errors";
import {
  auditingSubmission,
  getAuthorization,
  getSubmission,
  openAudits,
  releasedSubmission,
  tenantOfAuthorizer,
  updateSubmission,
  type SubmissionPatch,
  type SubmissionRow,
} from "../../../db/src/queries/miniprogram-publishing";
import type { CallLogEntry } from "../../../db/src/schema";
import { wechatCall, type CallOptions } from "./client";
import type { WechatConfig } from "./env";
import { CODE_CHECK_PENDING, WechatApiError, wechatErrorKey } from "./errors";
import { withAuthorizerToken } from "./tokens";

/**
 * A release's way through WeChat: modify_domain → setprivacysetting → commit →
 * (code check) submit_audit → audit push or get_auditstatus → release, and
 * revertcoderelease. Runs outside the request's transaction (after commit):
 * each step writes the submission (status, timeline, the calls) in a short
 * system transaction of its own, so a failure leaves the steps before it
 * recorded and the error on the submission for the merchant to read.
 */

/**
 * What the template collects (setprivacysetting, privacy_ver 2): the
 * delivery address at checkout (wx.chooseAddress or typed), the phone number
 * only if the shopper taps getPhoneNumber, and photos for a return request.
 * No nickname or avatar: login is wx.login (openid) only.
 */
export const PRIVACY_SETTING = {
  privacy_ver: 2,
  setting_list: [
    { privacy_key: "Address", privacy_text: "填写收货地址以配送订单" },
    { privacy_key: "PhoneNumber", privacy_text: "绑定手机号以便联系配送与售后（可选）" },
    { privacy_key: "Album", privacy_text: "上传退货凭证照片" },
    { privacy_key: "Camera", privacy_text: "拍摄退货凭证照片" },
  ],
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function failureOf(e: unknown): { errorKey: string; reason: string } {
  if (e instanceof WechatApiError) return { errorKey: wechatErrorKey(e.errcode), reason: `${e.errcode} ${e.errmsg}`.trim() };
  if (e instanceof AppError) return { errorKey: e.key, reason: "" };
  return { errorKey: "wechat.failed", reason: String(e instanceof Error ? e.message : e).slice(0, 300) };
}

/** One submission's WeChat session: calls with the shop's token, each recorded and flushed with the next change. */
function session(db: Db, cfg: WechatConfig, s: SubmissionRow) {
  const calls: CallLogEntry[] = [];
  const record = (c: CallLogEntry) => void calls.push(c);
  return {
    call: <T = Record<string, unknown>>(api: string, o: Omit<CallOptions, "token" | "record"> = {}) =>
      withAuthorizerToken(db, cfg, s.tenantId, (token) => wechatCall<T>(cfg, api, { ...o, token: { name: "access_token", value: token }, record }), record),
    save: (p: SubmissionPatch) => withContext(db, { tenantId: s.tenantId }, (tx) => updateSubmission(tx, s.tenantId, s.id, { ...p, calls: calls.splice(0) })),
  };
}

async function load(db: Db, tenantId: string, id: string): Promise<SubmissionRow> {
  const s = await withContext(db, { tenantId }, (tx) => getSubmission(tx, tenantId, id));
  if (!s) throw new AppError("NOT_FOUND", "notFound");
  return s;
}

export async function runSubmission(db: Db, cfg: WechatConfig, tenantId: string, id: string): Promise<SubmissionRow> {
  const s = await load(db, tenantId, id);
  const w = session(db, cfg, s);
  try {
    const origin = new URL(String((s.extJson.ext as { apiBase?: string } | undefined)?.apiBase ?? "")).origin;
    await w.call("wxa/modify_domain", { body: { action: "set", requestdomain: [origin], wsrequestdomain: [], uploaddomain: [origin], downloaddomain: [origin] } });
    await w.call("cgi-bin/component/setprivacysetting", { body: PRIVACY_SETTING });
    await w.call("wxa/commit", { body: { template_id: s.templateId, ext_json: JSON.stringify(s.extJson), user_version: s.userVersion, user_desc: `release v${s.releaseVersion}` } });
    await w.save({ status: "checking" });
    let auditid: unknown;
    for (let attempt = 1; ; attempt++) {
      try {
        auditid = (await w.call<{ auditid: number | string }>("wxa/submit_audit", { body: {} })).auditid;
        break;
      } catch (e) {
        // 61039: WeChat's code check of the commit has not finished yet.
        if (e instanceof WechatApiError && e.errcode === CODE_CHECK_PENDING && attempt < cfg.codeCheckTries) {
          await sleep(cfg.codeCheckRetryMs);
          continue;
        }
        throw e;
      }
    }
    await w.save({ status: "auditing", auditId: String(auditid) });
  } catch (e) {
    await w.save({ status: "failed", ...failureOf(e) });
  }
  return load(db, tenantId, id);
}

/** Publishes a passed version. A WeChat error stays on the submission (status unchanged) and is thrown. */
export async function releaseSubmission(db: Db, cfg: WechatConfig, tenantId: string, id: string): Promise<SubmissionRow> {
  const s = await load(db, tenantId, id);
  if (s.status !== "passed") throw new AppError("CONFLICT", "wechat.notPassed");
  const w = session(db, cfg, s);
  try {
    await w.call("wxa/release", { body: {} });
    await w.save({ status: "released", errorKey: null });
  } catch (e) {
    await w.save(failureOf(e));
    throw e;
  }
  return load(db, tenantId, id);
}

/** Back to the version live before the newest release (WeChat keeps one to go back to). */
export async function revertRelease(db: Db, cfg: WechatConfig, tenantId: string): Promise<SubmissionRow> {
  const s = await withContext(db, { tenantId }, async (tx) => {
    const auth = await getAuthorization(tx, tenantId);
    return auth?.status === "authorized" ? releasedSubmission(tx, tenantId, auth.authorizerAppid) : null;
  });
  if (!s) throw new AppError("CONFLICT", "wechat.nothingReleased");
  const w = session(db, cfg, s);
  try {
    await w.call("wxa/revertcoderelease", { method: "GET" });
    await w.save({ status: "reverted", errorKey: null });
  } catch (e) {
    await w.save(failureOf(e));
    throw e;
  }
  return load(db, tenantId, s.id);
}

type AuditOutcome = { status: "passed" | "audit_failed" | "audit_delayed" | "withdrawn" | "auditing"; reason?: string };

async function applyOutcome(db: Db, cfg: WechatConfig, s: SubmissionRow, o: AuditOutcome, calls: CallLogEntry[] = []): Promise<void> {
  if (o.status === "auditing") {
    if (calls.length) await withContext(db, { tenantId: s.tenantId }, (tx) => updateSubmission(tx, s.tenantId, s.id, { calls }));
    return;
  }
  await withContext(db, { tenantId: s.tenantId }, (tx) => updateSubmission(tx, s.tenantId, s.id, { status: o.status, reason: o.reason ?? "", calls }));
  if (o.status === "passed" && s.autoRelease) {
    try {
      await releaseSubmission(db, cfg, s.tenantId, s.id);
    } catch (e) {
      console.error(`[wechat] automatic release of ${s.tenantId}/${s.id} failed`, e instanceof Error ? e.message : e);
    }
  }
}

/** Asks WeChat (get_auditstatus) for a submission under review: the poll beside the pushes. */
export async function pollAudit(db: Db, cfg: WechatConfig, tenantId: string, id: string): Promise<SubmissionRow> {
  const s = await load(db, tenantId, id);
  if ((s.status !== "auditing" && s.status !== "audit_delayed") || !s.auditId) return s;
  const calls: CallLogEntry[] = [];
  const record = (c: CallLogEntry) => void calls.push(c);
  try {
    const r = await withAuthorizerToken(
      db,
      cfg,
      tenantId,
      (token) => wechatCall<{ status: number; reason?: string }>(cfg, "wxa/get_auditstatus", { token: { name: "access_token", value: token }, body: { auditid: Number(s.auditId) || s.auditId }, record }),
      record,
    );
    const status = ({ 0: "passed", 1: "audit_failed", 2: "auditing", 3: "withdrawn", 4: "audit_delayed" } as const)[r.status as 0 | 1 | 2 | 3 | 4] ?? "auditing";
    await applyOutcome(db, cfg, s, { status, reason: r.reason }, calls);
  } catch (e) {
    await withContext(db, { tenantId }, (tx) => updateSubmission(tx, tenantId, id, { ...failureOf(e), calls }));
    throw e;
  }
  return load(db, tenantId, id);
}

/** weapp_audit_success / weapp_audit_fail / weapp_audit_delay pushed to the authorizer's message URL. */
export async function applyAuditEvent(db: Db, cfg: WechatConfig, appid: string, msg: Record<string, string>): Promise<"applied" | "ignored"> {
  const outcome: AuditOutcome | null =
    msg.Event === "weapp_audit_success"
      ? { status: "passed" }
      : msg.Event === "weapp_audit_fail"
        ? { status: "audit_failed", reason: msg.Reason ?? "" }
        : msg.Event === "weapp_audit_delay"
          ? { status: "audit_delayed", reason: msg.Reason ?? "" }
          : null;
  if (!outcome) return "ignored";
  const tenantId = await withContext(db, {}, (tx) => tenantOfAuthorizer(tx, appid));
  if (!tenantId) return "ignored";
  const s = await withContext(db, { tenantId }, (tx) => auditingSubmission(tx, tenantId));
  if (!s || s.authorizerAppid !== appid) return "ignored";
  const logged: CallLogEntry = { at: new Date().toISOString(), api: `push:${msg.Event}`, request: null, response: msg, ms: 0 };
  await applyOutcome(db, cfg, s, outcome, [logged]);
  return "applied";
}

/** The scheduled poll: get_auditstatus for every submission the pushes left waiting (a push can be lost). */
export async function pollOpenAudits(db: Db, cfg: WechatConfig): Promise<{ polled: number; failed: number }> {
  const open = await withContext(db, {}, (tx) => openAudits(tx));
  let failed = 0;
  for (const s of open) {
    try {
      await pollAudit(db, cfg, s.tenantId, s.id);
    } catch (e) {
      failed++;
      console.error(`[wechat] audit poll of ${s.tenantId}/${s.id} failed`, e instanceof Error ? e.message : e);
    }
  }
  return { polled: open.length, failed };
}
