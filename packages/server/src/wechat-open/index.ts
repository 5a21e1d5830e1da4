/** The WeChat third-party platform (开放平台第三方平台): one entry for the app, the API and the routes. */
export { readWechatEnv, wechatEnv, resetWechatEnv, requireWechat, WECHAT_ENV_VARS, type WechatConfig, type WechatEnvState, type WechatEnvVar } from "./env";
export { WechatApiError, wechatErrorKey, TOKEN_ERRORS } from "./errors";
export { wechatCall, redact, type Recorder } from "./client";
export { componentToken, authorizerToken, withComponentToken, withAuthorizerToken, wechatTokenSource, authorizedAppId, forgetTokens, REFRESH_EARLY_MS } from "./tokens";
export { authorizationUrl, completeAuthorization, authorizationRevoked } from "./authorization";
export { listDrafts, addDraftToTemplates, listTemplates, type Template, type TemplateDraft } from "./templates";
export { runSubmission, releaseSubmission, revertRelease, pollAudit, pollOpenAudits, applyAuditEvent, PRIVACY_SETTING } from "./publish";
export { handleComponentPush, handleAuthorizerPush } from "./push";
export { openPush, sealPush, msgSignature, encryptMessage, decryptMessage, parseXml, toXml, WechatCryptoError } from "./crypto";
