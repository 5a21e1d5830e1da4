import http from "node:http";
import type { AddressInfo } from "node:net";
import { sealPush } from "../src/wechat-open/crypto";

/**
 * A local stand-in for api.weixin.qq.com and mp.weixin.qq.com's
 * authorization page (WeChat is unreachable here), for the third-party
 * platform endpoints the app uses. Tokens it issues are checked on every call
 * (an unknown or expired one answers 40001/42001, as WeChat does); `script`
 * queues error answers per endpoint; `push*` seals a push exactly as WeChat
 * does (signature, AES) and posts it to the app.
 */
export type FakeWechatOptions = { appid: string; token: string; aesKey: string; authorizerAppid?: string; nickName?: string; appUrl?: string };
export type Seen = { method: string; path: string; query: Record<string, string>; body: Record<string, unknown> };

export type FakeWechat = {
  url: string;
  seen: Seen[];
  /** The next answers of an endpoint (path without the leading slash), in order, before its normal answer. */
  script(api: string, ...answers: Record<string, unknown>[]): void;
  /** Every token issued so far stops working (42001): the app must refresh. */
  expireTokens(): void;
  count(api: string): number;
  commits: { template_id: unknown; ext_json: string; user_version: string }[];
  auditStatus: number;
  releasedVersion: string | null;
  drafts: { draft_id: number; user_version: string; user_desc: string; create_time: number }[];
  templates: { template_id: number; user_version: string; user_desc: string; create_time: number }[];
  /** A sealed push to the app: ticket to /api/wechat/component, events to /api/wechat/authorizer/{appid}. */
  pushTicket(appUrl?: string): Promise<Response>;
  pushAudit(event: "weapp_audit_success" | "weapp_audit_fail" | "weapp_audit_delay", appUrl?: string, reason?: string): Promise<Response>;
  pushUnauthorized(appUrl?: string): Promise<Response>;
  close(): Promise<void>;
};

export async function startFakeWechat(o: FakeWechatOptions, port = 0): Promise<FakeWechat> {
  const authorizerAppid = o.authorizerAppid ?? "wxfakeauthorizer01";
  const scripts = new Map<string, Record<string, unknown>[]>();
  const valid = new Set<string>();
  const expired = new Set<string>();
  let n = 0;
  let lastCommit: string | null = null;
  let auditid = 1000;
  const now = () => Math.floor(Date.now() / 1000);
  const issue = (prefix: string) => {
    const t = `${prefix}_${++n}_${Math.random().toString(36).slice(2, 8)}`;
    valid.add(t);
    return t;
  };

  const post = (appUrl: string | undefined, path: string, fields: Record<string, string | number>) => {
    const base = appUrl ?? o.appUrl;
    if (!base) throw new Error("the fake WeChat needs the app's URL to push to");
    const { body, query } = sealPush({ token: o.token, aesKey: o.aesKey, appid: o.appid }, fields);
    const u = new URL(path, base);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return fetch(u, { method: "POST", headers: { "content-type": "text/xml" }, body });
  };

  const fake: FakeWechat = {
    url: "",
    seen: [],
    commits: [],
    auditStatus: 2,
    releasedVersion: null,
    drafts: [{ draft_id: 7, user_version: "1.2.0", user_desc: "云分销商城模板", create_time: now() - 3600 }],
    templates: [],
    script(api, ...answers) {
      scripts.set(api, [...(scripts.get(api) ?? []), ...answers]);
    },
    expireTokens() {
      for (const t of valid) expired.add(t);
      valid.clear();
    },
    count: (api) => fake.seen.filter((s) => s.path === `/${api}`).length,
    pushTicket: (appUrl) => post(appUrl, "/api/wechat/component", { AppId: o.appid, CreateTime: now(), InfoType: "component_verify_ticket", ComponentVerifyTicket: `ticket@@@${++n}` }),
    pushAudit: (event, appUrl, reason) =>
      post(appUrl, `/api/wechat/authorizer/${authorizerAppid}`, {
        ToUserName: "gh_fake",
        FromUserName: "o_fake",
        CreateTime: now(),
        MsgType: "event",
        Event: event,
        ...(event === "weapp_audit_success" ? { SuccTime: now() } : { Reason: reason ?? "页面内容不完整", FailTime: now() }),
      }),
    pushUnauthorized: (appUrl) => post(appUrl, "/api/wechat/component", { AppId: o.appid, CreateTime: now(), InfoType: "unauthorized", AuthorizerAppid: authorizerAppid }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };

  function answer(s: Seen): { status: number; json?: unknown; html?: string; redirect?: string } {
    const api = s.path.slice(1);
    if (api === "cgi-bin/componentloginpage") {
      // The merchant's side of WeChat: scan, confirm, and back to redirect_uri with the code.
      const back = new URL(s.query.redirect_uri ?? "/");
      back.searchParams.set("auth_code", `authcode_${s.query.pre_auth_code}`);
      back.searchParams.set("expires_in", "3600");
      return { status: 200, html: `<!doctype html><meta charset="utf-8"><title>微信授权 (fake)</title><h1>授权给第三方平台 ${o.appid}</h1><p>pre_auth_code ${s.query.pre_auth_code}</p><a id="confirm" href="${back.href.replace(/&/g, "&amp;")}">确认授权</a>` };
    }
    const queued = scripts.get(api);
    if (queued?.length) return { status: 200, json: queued.shift() };
    const token = s.query.component_access_token ?? s.query.access_token;
    if (api !== "cgi-bin/component/api_component_token") {
      if (!token || (!valid.has(token) && !expired.has(token))) return { status: 200, json: { errcode: 40001, errmsg: "invalid credential" } };
      if (expired.has(token)) return { status: 200, json: { errcode: 42001, errmsg: "access_token expired" } };
    }
    const b = s.body;
    switch (api) {
      case "cgi-bin/component/api_component_token":
        if (b.component_appid !== o.appid || !String(b.component_verify_ticket ?? "").startsWith("ticket@@@")) return { status: 200, json: { errcode: 61004, errmsg: "access clientip is not registered" } };
        return { status: 200, json: { component_access_token: issue("ct"), expires_in: 7200 } };
      case "cgi-bin/component/api_create_preauthcode":
        return { status: 200, json: { pre_auth_code: `preauth${++n}`, expires_in: 1800 } };
      case "cgi-bin/component/api_query_auth":
        return {
          status: 200,
          json: { authorization_info: { authorizer_appid: authorizerAppid, authorizer_access_token: issue("at"), expires_in: 7200, authorizer_refresh_token: `refreshtoken@@@${n}`, func_info: [{ funcscope_category: { id: 17 } }, { funcscope_category: { id: 18 } }] } },
        };
      case "cgi-bin/component/api_get_authorizer_info":
        return { status: 200, json: { authorizer_info: { nick_name: o.nickName ?? "青山茶舍小程序", principal_name: "青山茶舍有限公司" }, authorization_info: { authorizer_appid: authorizerAppid } } };
      case "cgi-bin/component/api_authorizer_token":
        if (!String(b.authorizer_refresh_token ?? "").startsWith("refreshtoken@@@")) return { status: 200, json: { errcode: 61023, errmsg: "refresh_token is invalid" } };
        return { status: 200, json: { authorizer_access_token: issue("at"), expires_in: 7200, authorizer_refresh_token: b.authorizer_refresh_token } };
      case "wxa/gettemplatedraftlist":
        return { status: 200, json: { errcode: 0, errmsg: "ok", draft_list: fake.drafts } };
      case "wxa/addtotemplate": {
        const d = fake.drafts.find((x) => x.draft_id === Number(b.draft_id));
        if (!d) return { status: 200, json: { errcode: 85064, errmsg: "not found draft" } };
        fake.templates.push({ template_id: 100 + fake.templates.length, user_version: d.user_version, user_desc: d.user_desc, create_time: now() });
        return { status: 200, json: { errcode: 0, errmsg: "ok" } };
      }
      case "wxa/gettemplatelist":
        return { status: 200, json: { errcode: 0, errmsg: "ok", template_list: fake.templates } };
      case "wxa/modify_domain":
        return { status: 200, json: { errcode: 0, errmsg: "ok", requestdomain: b.requestdomain } };
      case "cgi-bin/component/setprivacysetting":
        return { status: 200, json: { errcode: 0, errmsg: "ok" } };
      case "wxa/commit":
        fake.commits.push({ template_id: b.template_id, ext_json: String(b.ext_json), user_version: String(b.user_version) });
        lastCommit = String(b.user_version);
        return { status: 200, json: { errcode: 0, errmsg: "ok" } };
      case "wxa/submit_audit":
        if (!lastCommit) return { status: 200, json: { errcode: 85086, errmsg: "must commit before submit audit" } };
        fake.auditStatus = 2;
        return { status: 200, json: { errcode: 0, errmsg: "ok", auditid: ++auditid } };
      case "wxa/get_auditstatus":
      case "wxa/get_latest_auditstatus":
        return { status: 200, json: { errcode: 0, errmsg: "ok", auditid, status: fake.auditStatus, reason: fake.auditStatus === 1 ? "页面内容不完整" : "" } };
      case "wxa/release":
        fake.releasedVersion = lastCommit;
        return { status: 200, json: { errcode: 0, errmsg: "ok" } };
      case "wxa/revertcoderelease":
        return { status: 200, json: { errcode: 0, errmsg: "ok" } };
      default:
        return { status: 404, json: { errcode: 404, errmsg: `the fake has no ${api}` } };
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const u = new URL(req.url ?? "/", "http://fake");
        const raw = Buffer.concat(chunks).toString("utf8");
        if (u.pathname === "/__health") {
          res.writeHead(200, { "content-type": "text/plain" }).end("ok");
          return;
        }
        // Test hooks for a browser test: push a ticket / an audit result to the app.
        if (u.pathname.startsWith("/__push/")) {
          const what = u.pathname.slice("/__push/".length);
          const appUrl = u.searchParams.get("app") ?? undefined;
          const r = what === "ticket" ? await fake.pushTicket(appUrl) : what === "unauthorized" ? await fake.pushUnauthorized(appUrl) : await fake.pushAudit(what as "weapp_audit_success", appUrl);
          res.writeHead(r.status, { "content-type": "text/plain" }).end(await r.text());
          return;
        }
        let body: Record<string, unknown> = {};
        try {
          body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          body = {};
        }
        const s: Seen = { method: req.method ?? "GET", path: u.pathname, query: Object.fromEntries(u.searchParams), body };
        fake.seen.push(s);
        const a = answer(s);
        if (a.html) res.writeHead(a.status, { "content-type": "text/html; charset=utf-8" }).end(a.html);
        else res.writeHead(a.status, { "content-type": "application/json" }).end(JSON.stringify(a.json));
      })().catch((e) => res.writeHead(500).end(String(e)));
    });
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Values shared by the tests and the e2e server (not secrets: only the fake knows them). */
export const FAKE_WECHAT_ENV = {
  WECHAT_COMPONENT_APPID: "wxfakecomponent001",
  WECHAT_COMPONENT_SECRET: "fake-component-secret",
  WECHAT_COMPONENT_TOKEN: "faketoken",
  WECHAT_COMPONENT_AES_KEY: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
};
