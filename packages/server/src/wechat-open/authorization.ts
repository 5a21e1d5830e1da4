import type { Db } from "../../../db/src/client";
import { withContext } from "../../../db/src/context";
import { revokeAuthorization, saveAuthorization, tenantOfAuthorizer } from "../../../db/src/queries/miniprogram-publishing";
import { encryptSecret } from "../secrets";
import { wechatCall, type Recorder } from "./client";
import type { WechatConfig } from "./env";
import { forgetTokens, withComponentToken } from "./tokens";

/**
 * The merchant's authorization of their mini-program to the platform:
 * pre_auth_code → WeChat's authorization page → our callback with auth_code
 * → api_query_auth (authorizer app id, tokens) and api_get_authorizer_info
 * (its name), stored with the refresh token encrypted.
 */

/** auth_type 2: mini-programs only. */
export async function authorizationUrl(db: Db, cfg: WechatConfig, redirectUri: string, record?: Recorder): Promise<string> {
  const r = await withComponentToken(
    db,
    cfg,
    (token) => wechatCall<{ pre_auth_code: string }>(cfg, "cgi-bin/component/api_create_preauthcode", { token: { name: "component_access_token", value: token }, body: { component_appid: cfg.appid }, record }),
    record,
  );
  const u = new URL("/cgi-bin/componentloginpage", cfg.mpBase);
  u.searchParams.set("component_appid", cfg.appid);
  u.searchParams.set("pre_auth_code", r.pre_auth_code);
  u.searchParams.set("redirect_uri", redirectUri);
  u.searchParams.set("auth_type", "2");
  return u.href;
}

type QueryAuth = {
  authorization_info: {
    authorizer_appid: string;
    authorizer_access_token: string;
    expires_in: number;
    authorizer_refresh_token: string;
    func_info?: { funcscope_category?: { id: number } }[];
  };
};
type AuthorizerInfo = { authorizer_info?: { nick_name?: string; principal_name?: string } };

export async function completeAuthorization(db: Db, cfg: WechatConfig, tenantId: string, authCode: string, record?: Recorder): Promise<{ appid: string; nickName: string }> {
  const info = await withComponentToken(
    db,
    cfg,
    async (token) => {
      const q = await wechatCall<QueryAuth>(cfg, "cgi-bin/component/api_query_auth", {
        token: { name: "component_access_token", value: token },
        body: { component_appid: cfg.appid, authorization_code: authCode },
        record,
      });
      const who = await wechatCall<AuthorizerInfo>(cfg, "cgi-bin/component/api_get_authorizer_info", {
        token: { name: "component_access_token", value: token },
        body: { component_appid: cfg.appid, authorizer_appid: q.authorization_info.authorizer_appid },
        record,
      });
      return { q: q.authorization_info, who: who.authorizer_info ?? {} };
    },
    record,
  );
  const nickName = info.who.nick_name ?? "";
  await withContext(db, { tenantId }, (tx) =>
    saveAuthorization(tx, tenantId, {
      authorizerAppid: info.q.authorizer_appid,
      refreshTokenEnc: encryptSecret(info.q.authorizer_refresh_token),
      accessTokenEnc: encryptSecret(info.q.authorizer_access_token),
      accessExpiresAt: new Date(Date.now() + info.q.expires_in * 1000),
      nickName,
      principalName: info.who.principal_name ?? "",
      funcInfo: (info.q.func_info ?? []).map((f) => f.funcscope_category?.id ?? 0).filter((n) => n > 0),
    }),
  );
  return { appid: info.q.authorizer_appid, nickName };
}

/** The `unauthorized` push: the merchant revoked it in WeChat. */
export async function authorizationRevoked(db: Db, appid: string): Promise<boolean> {
  const tenantId = await withContext(db, {}, (tx) => tenantOfAuthorizer(tx, appid));
  if (!tenantId) return false;
  forgetTokens(appid);
  return withContext(db, { tenantId }, (tx) => revokeAuthorization(tx, tenantId, appid));
}
