import { AppError, type AppErrorCode } from "../../core/src/errors";
import type { Tx } from "../../db/src/client";
import { tenantSettingAppId } from "../../db/src/queries/miniprogram";

/**
 * The WeChat open-platform calls the mini-program shopper session needs, made
 * through the third-party platform (component) on behalf of a tenant's
 * authorized mini-program (issue 13).
 *
 * WECHAT_API_BASE        https://api.weixin.qq.com by default; tests point it at a local fake
 * WECHAT_COMPONENT_APPID the third-party platform's app id (jscode2session names it)
 *
 * The access tokens are not this module's: the publishing side (component
 * ticket push, component_access_token cache, authorizer refresh tokens) owns
 * them and plugs its cache in as a WechatTokenSource (registerWechatTokens).
 * No token source, no port: callers say what is missing instead of pretending.
 */
export interface WechatOpenPort {
  /** wx.login's code → the shopper's openid (unionid when the app is bound to an open account). session_key is never stored. */
  jscode2session(appid: string, code: string): Promise<{ openid: string; unionid?: string; session_key: string }>;
  /** An unlimited mini-program code (PNG or JPEG bytes) opening `page` with `scene`. */
  getwxacodeunlimit(appid: string, args: { scene: string; page: string; width: number }): Promise<Uint8Array>;
  /** getPhoneNumber's code (the 2021 flow) → the shopper's phone number. */
  getuserphonenumber(appid: string, code: string): Promise<{ phoneNumber: string; purePhoneNumber: string; countryCode: string }>;
}

/**
 * What the API needs of WeChat for a tenant's mini-program: the port (null
 * when tokens are missing, with what is missing), the tenant's authorized app
 * id (read in the shop's transaction: until the publishing side's authorizer
 * table answers it, the tenant's wechatAppId setting), and the page a
 * mini-program code opens (the template's landing page).
 */
export type MiniprogramRuntime = {
  port: WechatOpenPort | null;
  missing: string[];
  appIdOf: (tx: Tx, tenantId: string) => Promise<string | null>;
  landingPage: string;
};

/** The template's page that decodes a scene (options.scene) and binds: the template helper's app.json must have it. */
export const MINIPROGRAM_LANDING_PAGE = "pages/landing/index";

/** Where the tokens come from: the publishing helper's cache. `refresh` asks for a new one (WeChat said 40001/42001). */
export interface WechatTokenSource {
  componentAppId: string;
  componentAccessToken(opts?: { refresh?: boolean }): Promise<string>;
  authorizerAccessToken(appid: string, opts?: { refresh?: boolean }): Promise<string>;
}

/** A WeChat answer with a non-zero errcode (errmsg is WeChat's, never shown to shoppers). */
export class WechatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeChat ${api} errcode ${errcode}: ${errmsg}`);
    this.name = "WechatApiError";
  }
}

/** WeChat could not be reached or answered something that is not WeChat's shape. */
export class WechatUnreachableError extends Error {
  constructor(readonly api: string, detail: string) {
    super(`WeChat ${api} unreachable: ${detail}`);
    this.name = "WechatUnreachableError";
  }
}

/** Access token expired or invalid: refreshed and retried once. */
const TOKEN_EXPIRED = new Set([40001, 40014, 42001]);
const TIMEOUT_MS = 8_000;

export function wechatApiBase(env: Record<string, string | undefined> = process.env): string {
  const base = (env.WECHAT_API_BASE || "https://api.weixin.qq.com").replace(/\/$/, "");
  const u = new URL(base);
  if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error(`WECHAT_API_BASE must be http(s), got ${base}`);
  return base;
}

type Fetch = typeof fetch;

/** The port over HTTP (fetch), with tokens from `tokens`. */
export function httpWechatOpen(tokens: WechatTokenSource, opts: { base?: string; fetch?: Fetch } = {}): WechatOpenPort {
  const base = opts.base ?? wechatApiBase();
  const doFetch = opts.fetch ?? fetch;

  async function call(api: string, url: string, init?: RequestInit): Promise<Response> {
    try {
      return await doFetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (e) {
      // Never the URL: it carries an access token.
      throw new WechatUnreachableError(api, e instanceof Error ? e.name : "fetch failed");
    }
  }

  async function json<T>(api: string, res: Response): Promise<T & { errcode?: number; errmsg?: string }> {
    if (!res.ok) throw new WechatUnreachableError(api, `HTTP ${res.status}`);
    try {
      return (await res.json()) as T & { errcode?: number; errmsg?: string };
    } catch {
      throw new WechatUnreachableError(api, "not JSON");
    }
  }

  /** Runs `once` with a token; on an expired-token errcode, once more with a refreshed one. */
  async function withToken<R>(token: (o?: { refresh?: boolean }) => Promise<string>, once: (t: string) => Promise<R>): Promise<R> {
    try {
      return await once(await token());
    } catch (e) {
      if (e instanceof WechatApiError && TOKEN_EXPIRED.has(e.errcode)) return once(await token({ refresh: true }));
      throw e;
    }
  }

  return {
    jscode2session(appid, code) {
      const api = "jscode2session";
      return withToken(
        (o) => tokens.componentAccessToken(o),
        async (token) => {
          const q = new URLSearchParams({ appid, js_code: code, grant_type: "authorization_code", component_appid: tokens.componentAppId, component_access_token: token });
          const r = await json<{ openid?: string; unionid?: string; session_key?: string }>(api, await call(api, `${base}/sns/component/jscode2session?${q}`));
          if (r.errcode) throw new WechatApiError(r.errcode, r.errmsg ?? "", api);
          if (!r.openid || !r.session_key) throw new WechatUnreachableError(api, "no openid");
          return { openid: r.openid, session_key: r.session_key, ...(r.unionid ? { unionid: r.unionid } : {}) };
        },
      );
    },

    getwxacodeunlimit(appid, args) {
      const api = "getwxacodeunlimit";
      return withToken(
        (o) => tokens.authorizerAccessToken(appid, o),
        async (token) => {
          const res = await call(api, `${base}/wxa/getwxacodeunlimit?access_token=${encodeURIComponent(token)}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            // check_path false: the page need not be released yet (a code made before the first release still opens it).
            body: JSON.stringify({ scene: args.scene, page: args.page, width: args.width, check_path: false }),
          });
          // An image on success, JSON with errcode otherwise.
          if ((res.headers.get("content-type") ?? "").includes("json")) {
            const r = await json<object>(api, res);
            throw r.errcode ? new WechatApiError(r.errcode, r.errmsg ?? "", api) : new WechatUnreachableError(api, "JSON without an image");
          }
          if (!res.ok) throw new WechatUnreachableError(api, `HTTP ${res.status}`);
          const bytes = new Uint8Array(await res.arrayBuffer());
          if (!imageType(bytes)) throw new WechatUnreachableError(api, "not an image");
          return bytes;
        },
      );
    },

    getuserphonenumber(appid, code) {
      const api = "getuserphonenumber";
      return withToken(
        (o) => tokens.authorizerAccessToken(appid, o),
        async (token) => {
          const r = await json<{ phone_info?: { phoneNumber: string; purePhoneNumber: string; countryCode: string } }>(
            api,
            await call(api, `${base}/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ code }),
            }),
          );
          if (r.errcode) throw new WechatApiError(r.errcode, r.errmsg ?? "", api);
          const p = r.phone_info;
          if (!p?.purePhoneNumber) throw new WechatUnreachableError(api, "no phone_info");
          return { phoneNumber: String(p.phoneNumber), purePhoneNumber: String(p.purePhoneNumber), countryCode: String(p.countryCode ?? "") };
        },
      );
    },
  };
}

/** "png" / "jpeg" by magic bytes, else null. */
export function imageType(b: Uint8Array): "png" | "jpeg" | null {
  if (b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return "png";
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  return null;
}

/**
 * A WeChat failure as what a shopper is told (errors.miniprogram.*). Codes
 * from the jscode2session / getuserphonenumber documentation: 40029 invalid
 * code, 40163 code already used, 45011 too frequent, 40226 high-risk user.
 */
export function wechatAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const as = (code: AppErrorCode, key: string, params: Record<string, string | number> = {}) => new AppError(code, key, params);
  if (e instanceof WechatApiError) {
    if (e.errcode === 40029 || e.errcode === 40163 || e.errcode === 40125) return as("BAD_REQUEST", "miniprogram.badCode");
    if (e.errcode === 45011) return as("TOO_MANY_REQUESTS", "miniprogram.tooFrequent");
    if (e.errcode === 40226) return as("FORBIDDEN", "miniprogram.riskyUser");
    return as("CONFLICT", "miniprogram.wechatError", { errcode: e.errcode });
  }
  if (e instanceof WechatUnreachableError) return as("CONFLICT", "miniprogram.wechatUnreachable");
  throw e;
}

/**
 * What the publishing side registered, on globalThis: instrumentation.ts and
 * the route handlers may be separate bundles with their own module instances.
 */
const plugged = globalThis as typeof globalThis & {
  __fxWechatTokens?: WechatTokenSource | null;
  __fxWechatAppId?: ((tx: Tx, tenantId: string) => Promise<string | null>) | null;
};

/** The publishing side plugs its token cache in here (once, at start-up: instrumentation.ts register()). */
export function registerWechatTokens(source: WechatTokenSource | null): void {
  plugged.__fxWechatTokens = source;
}

/** The publishing side plugs in its authorizer lookup (the tenant's authorized mini-program app id), at start-up. */
export function registerAuthorizedAppId(source: ((tx: Tx, tenantId: string) => Promise<string | null>) | null): void {
  plugged.__fxWechatAppId = source;
}

/**
 * The runtime of this process: the port when a token source is registered
 * (else null, and what is missing, for messages and the H5 fallback).
 */
export function miniprogramRuntime(env: Record<string, string | undefined> = process.env): MiniprogramRuntime {
  const appIdOf = plugged.__fxWechatAppId ?? tenantSettingAppId;
  const registered = plugged.__fxWechatTokens;
  if (!registered) {
    return { port: null, missing: env.WECHAT_COMPONENT_APPID ? ["component_access_token"] : ["WECHAT_COMPONENT_APPID", "component_access_token"], appIdOf, landingPage: MINIPROGRAM_LANDING_PAGE };
  }
  return { port: withCodeCache(httpWechatOpen(registered, { base: wechatApiBase(env) })), missing: [], appIdOf, landingPage: MINIPROGRAM_LANDING_PAGE };
}

const CODE_CACHE_MS = 60 * 60 * 1000;
const CODE_CACHE_MAX = 500;
const codeCache = new Map<string, { at: number; bytes: Uint8Array }>();

/**
 * A distributor's code is the same image every time (same app, scene, page,
 * width): kept an hour in this process, at most 500 (about 30 KB each), so
 * the distribution pages do not spend WeChat's getwxacodeunlimit quota
 * (5,000 a minute per app) on every view.
 */
export function withCodeCache(port: WechatOpenPort): WechatOpenPort {
  return {
    ...port,
    async getwxacodeunlimit(appid, args) {
      const key = `${appid}|${args.page}|${args.width}|${args.scene}`;
      const hit = codeCache.get(key);
      if (hit && Date.now() - hit.at < CODE_CACHE_MS) return hit.bytes;
      const bytes = await port.getwxacodeunlimit(appid, args);
      if (codeCache.size >= CODE_CACHE_MAX) codeCache.delete(codeCache.keys().next().value!);
      codeCache.set(key, { at: Date.now(), bytes });
      return bytes;
    },
  };
}
