/**
 * WeChat's errcodes a merchant or operator can meet, as i18n keys under
 * errors.wechat.* (messages/*.json). The code is kept in the params so the
 * message can show it.
 */
export class WechatApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat ${api}: ${errcode} ${errmsg}`);
  }
}

/** 40001 invalid credential, 42001 access_token expired, 40014 invalid access_token: refresh and retry once. */
export const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** The code check of a just-committed version has not finished: submit_audit is retried. */
export const CODE_CHECK_PENDING = 61039;

export function wechatErrorKey(errcode: number): string {
  if (errcode === 85009) return "wechat.alreadyAuditing";
  if (errcode === 61039) return "wechat.codeCheckPending";
  if (errcode === 85085) return "wechat.auditQuota";
  if (TOKEN_ERRORS.has(errcode)) return "wechat.tokenExpired";
  if (errcode === 85015 || errcode === 85016 || errcode === 85017 || errcode === 85018 || errcode === 85301 || errcode === 85302) return "wechat.domain";
  if (errcode === 85013 || errcode === 85014 || (errcode >= 85043 && errcode <= 85048)) return "wechat.template";
  if (errcode >= 85019 && errcode <= 85020) return "wechat.notAudited";
  if (errcode > 85013 && errcode < 85048) return "wechat.appid";
  if (errcode === 61003 || errcode === 61004 || errcode === 61007 || errcode === 61023) return "wechat.unauthorized";
  if (errcode === 86002) return "wechat.profileIncomplete";
  if (errcode === 87013) return "wechat.revertLimit";
  return "wechat.failed";
}
