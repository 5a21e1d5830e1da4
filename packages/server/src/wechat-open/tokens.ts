import type { Db, Tx } from "../../../db/src/client";
import { withContext } from "../../../db/src/context";
import { getAuthorization, getComponent, lockAuthorization, lockComponent, saveAuthorizerToken, saveComponentToken, tenantOfAuthorizer } from "../../../db/src/queries/miniprogram-publishing";
import { AppError } from "../../../core/src/errors";
import { decryptSecret, encryptSecret } from "../secrets";
import { wechatCall, type Recorder } from "./client";
import type { WechatConfig } from "./env";
import { TOKEN_ERRORS, WechatApiError } from "./errors";

/**
 * component_access_token and authorizer_access_token, cached in the database
 * (encrypted) and refreshed REFRESH_EARLY_MS before they expire (WeChat issues
 * them for 7,200 s). The refresh holds the row's lock (`select … for update`)
 * for the call, so several app servers refresh once: the others wait on the
 * lock and read the new token. Each runs in its own system transaction: call
 * them outside any other transaction (the embedded database has one connection).
 */
export const REFRESH_EARLY_MS = 10 * 60_000;

const fresh = (enc: string | null, expiresAt: Date | null, now: number) => !!enc && !!expiresAt && expiresAt.getTime() - now > REFRESH_EARLY_MS;

/**
 * The tokens this process last read or made, by "component" or authorizer app
 * id: a fresh one is served without a database round trip, so a caller inside
 * a transaction (the shopper session's jscode2session, a mini-program code)
 * does not open a second one (the embedded database has one connection and a
 * nested transaction would wait forever). On globalThis: route bundles and
 * instrumentation do not share module state.
 */
const memo = ((globalThis as typeof globalThis & { __fxWechatTokenCache?: Map<string, { token: string; expiresAt: number }> }).__fxWechatTokenCache ??= new Map());
const remember = (key: string, token: string, expiresAt: Date | null) => {
  if (expiresAt) memo.set(key, { token, expiresAt: expiresAt.getTime() });
  return token;
};
const remembered = (key: string, rejected?: string) => {
  const m = memo.get(key);
  return m && m.token !== rejected && m.expiresAt - Date.now() > REFRESH_EARLY_MS ? m.token : null;
};

/** `rejected`: the token WeChat just refused (40001/42001); a different stored one was refreshed by another server meanwhile. */
export async function componentToken(db: Db, cfg: WechatConfig, o: { rejected?: string; record?: Recorder } = {}): Promise<string> {
  const key = `component:${cfg.appid}`;
  const mine = remembered(key, o.rejected);
  if (mine) return mine;
  if (!o.rejected) {
    const row = await withContext(db, {}, (tx) => getComponent(tx, cfg.appid));
    if (row && fresh(row.accessTokenEnc, row.tokenExpiresAt, Date.now())) return remember(key, decryptSecret(row.accessTokenEnc!), row.tokenExpiresAt);
  }
  return withContext(db, {}, async (tx) => {
    const row = await lockComponent(tx, cfg.appid);
    // Another server may have refreshed it while this one waited for the lock.
    if (fresh(row.accessTokenEnc, row.tokenExpiresAt, Date.now())) {
      const stored = decryptSecret(row.accessTokenEnc!);
      if (stored !== o.rejected) return remember(key, stored, row.tokenExpiresAt);
    }
    if (!row.verifyTicket) throw new AppError("CONFLICT", "wechat.noTicket");
    const r = await wechatCall<{ component_access_token: string; expires_in: number }>(cfg, "cgi-bin/component/api_component_token", {
      body: { component_appid: cfg.appid, component_appsecret: cfg.secret, component_verify_ticket: row.verifyTicket },
      record: o.record,
    });
    const expiresAt = new Date(Date.now() + r.expires_in * 1000);
    await saveComponentToken(tx, cfg.appid, encryptSecret(r.component_access_token), expiresAt);
    return remember(key, r.component_access_token, expiresAt);
  });
}

/** A call with the component token; an expired or invalid token is refreshed and the call retried once. */
export async function withComponentToken<T>(db: Db, cfg: WechatConfig, fn: (token: string) => Promise<T>, record?: Recorder): Promise<T> {
  const token = await componentToken(db, cfg, { record });
  try {
    return await fn(token);
  } catch (e) {
    if (!(e instanceof WechatApiError) || !TOKEN_ERRORS.has(e.errcode)) throw e;
    return fn(await componentToken(db, cfg, { rejected: token, record }));
  }
}

export async function authorizerToken(db: Db, cfg: WechatConfig, tenantId: string, o: { rejected?: string; record?: Recorder } = {}): Promise<{ appid: string; token: string }> {
  const cached = await withContext(db, { tenantId }, (tx) => getAuthorization(tx, tenantId));
  if (!cached || cached.status !== "authorized") throw new AppError("CONFLICT", "wechat.notAuthorized");
  const key = `authorizer:${cached.authorizerAppid}`;
  if (!o.rejected && fresh(cached.accessTokenEnc, cached.accessExpiresAt, Date.now())) return { appid: cached.authorizerAppid, token: remember(key, decryptSecret(cached.accessTokenEnc!), cached.accessExpiresAt) };
  // The component token first, in its own transaction: not while this shop's row is locked.
  const component = await componentToken(db, cfg, { record: o.record });
  try {
    return await refreshAuthorizer(db, cfg, tenantId, component, o);
  } catch (e) {
    if (!(e instanceof WechatApiError) || !TOKEN_ERRORS.has(e.errcode)) throw e;
    return refreshAuthorizer(db, cfg, tenantId, await componentToken(db, cfg, { rejected: component, record: o.record }), o);
  }
}

function refreshAuthorizer(db: Db, cfg: WechatConfig, tenantId: string, component: string, o: { rejected?: string; record?: Recorder }) {
  return withContext(db, { tenantId }, async (tx) => {
    const a = await lockAuthorization(tx, tenantId);
    if (!a || a.status !== "authorized") throw new AppError("CONFLICT", "wechat.notAuthorized");
    if (fresh(a.accessTokenEnc, a.accessExpiresAt, Date.now())) {
      const stored = decryptSecret(a.accessTokenEnc!);
      if (stored !== o.rejected) return { appid: a.authorizerAppid, token: stored };
    }
    let refreshToken: string;
    try {
      refreshToken = decryptSecret(a.refreshTokenEnc);
    } catch {
      throw new AppError("CONFLICT", "wechat.notAuthorized");
    }
    const r = await wechatCall<{ authorizer_access_token: string; expires_in: number; authorizer_refresh_token?: string }>(cfg, "cgi-bin/component/api_authorizer_token", {
      token: { name: "component_access_token", value: component },
      body: { component_appid: cfg.appid, authorizer_appid: a.authorizerAppid, authorizer_refresh_token: refreshToken },
      record: o.record,
    });
    const accessExpiresAt = new Date(Date.now() + r.expires_in * 1000);
    remember(`authorizer:${a.authorizerAppid}`, r.authorizer_access_token, accessExpiresAt);
    await saveAuthorizerToken(tx, tenantId, {
      accessTokenEnc: encryptSecret(r.authorizer_access_token),
      accessExpiresAt,
      ...(r.authorizer_refresh_token && r.authorizer_refresh_token !== refreshToken ? { refreshTokenEnc: encryptSecret(r.authorizer_refresh_token) } : {}),
    });
    return { appid: a.authorizerAppid, token: r.authorizer_access_token };
  });
}

/** A call for the shop's mini-program with its authorizer token; refreshed and retried once on 40001/42001. */
export async function withAuthorizerToken<T>(db: Db, cfg: WechatConfig, tenantId: string, fn: (token: string) => Promise<T>, record?: Recorder): Promise<T> {
  const { token } = await authorizerToken(db, cfg, tenantId, { record });
  try {
    return await fn(token);
  } catch (e) {
    if (!(e instanceof WechatApiError) || !TOKEN_ERRORS.has(e.errcode)) throw e;
    return fn((await authorizerToken(db, cfg, tenantId, { rejected: token, record })).token);
  }
}

/** Forget what this process remembers (a revoked authorization; tests). */
export function forgetTokens(appid?: string): void {
  if (appid) memo.delete(`authorizer:${appid}`);
  else memo.clear();
}

/**
 * The token source the shopper session (branch mp-session, wechat-mp.ts)
 * plugs in with registerWechatTokens(): the same cache, by authorizer app id.
 * `refresh` (WeChat refused the token) makes a new one unless another caller
 * already did. A token this process holds is served without the database.
 */
export function wechatTokenSource(db: Db, cfg: WechatConfig) {
  const held = new Map<string, string>();
  return {
    componentAppId: cfg.appid,
    async componentAccessToken(o: { refresh?: boolean } = {}): Promise<string> {
      const t = await componentToken(db, cfg, o.refresh ? { rejected: held.get("component") ?? memo.get(`component:${cfg.appid}`)?.token } : {});
      held.set("component", t);
      return t;
    },
    async authorizerAccessToken(appid: string, o: { refresh?: boolean } = {}): Promise<string> {
      if (!o.refresh) {
        const mine = remembered(`authorizer:${appid}`);
        if (mine) return mine;
      }
      const tenantId = await withContext(db, {}, (tx) => tenantOfAuthorizer(tx, appid));
      if (!tenantId) throw new AppError("CONFLICT", "wechat.notAuthorized");
      const { token } = await authorizerToken(db, cfg, tenantId, o.refresh ? { rejected: held.get(appid) ?? memo.get(`authorizer:${appid}`)?.token } : {});
      held.set(appid, token);
      return token;
    },
  };
}

/** The shop's authorized mini-program app id, read in the caller's transaction (registerAuthorizedAppId in mp-session). */
export async function authorizedAppId(tx: Tx, tenantId: string): Promise<string | null> {
  const a = await getAuthorization(tx, tenantId);
  return a?.status === "authorized" ? a.authorizerAppid : null;
}
