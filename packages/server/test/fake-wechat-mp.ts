import http from "node:http";
import type { AddressInfo } from "node:net";
import type { WechatTokenSource } from "../src/wechat-mp";

/**
 * A local stand-in for api.weixin.qq.com's mini-program endpoints (WeChat is
 * unreachable here): component/jscode2session, getwxacodeunlimit and
 * business/getuserphonenumber, with their documented error answers. Codes
 * are single use, as WeChat's are. Records every request.
 *
 *   fake.login(code, openid, unionid?)  a wx.login code that jscode2session will accept once
 *   fake.phone(code, number)            a getPhoneNumber code
 *   fake.expireTokens()                 the next call with the current tokens answers 40001
 */
export type SeenWechat = { method: string; path: string; query: Record<string, string>; body: Record<string, unknown> | null };

export type FakeWechatMp = {
  url: string;
  seen: SeenWechat[];
  componentAppId: string;
  /** A token source as the publishing side's cache would be (counts refreshes). */
  tokens: WechatTokenSource & { refreshes: number };
  login(code: string, openid: string, unionid?: string): void;
  phone(code: string, number: string, countryCode?: string): void;
  expireTokens(): void;
  /** Next answer for a path prefix (once): JSON with an errcode, e.g. respond("/wxa/getwxacodeunlimit", { errcode: 41030, errmsg: "invalid page" }). */
  respond(pathPrefix: string, json: unknown): void;
  close(): Promise<void>;
};

/** 1×1 transparent PNG: what getwxacodeunlimit answers stands in for a code image. */
export const FAKE_PNG = Uint8Array.from(
  Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
);

const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/;

export async function startFakeWechatMp(): Promise<FakeWechatMp> {
  const codes = new Map<string, { openid: string; unionid?: string }>();
  const phones = new Map<string, { number: string; countryCode: string }>();
  const overrides: { prefix: string; json: unknown }[] = [];
  let generation = 1;
  const componentToken = () => `component-token-${generation}`;
  const authorizerToken = (appid: string) => `authorizer-${appid}-${generation}`;
  let given = 1; // the generation the token source hands out
  const refresh = () => {
    fake.tokens.refreshes++;
    given = generation;
  };

  const fake: FakeWechatMp = {
    url: "",
    seen: [],
    componentAppId: "wxcomponent000000a",
    tokens: {
      componentAppId: "wxcomponent000000a",
      refreshes: 0,
      async componentAccessToken(o) {
        if (o?.refresh) refresh();
        return `component-token-${given}`;
      },
      async authorizerAccessToken(appid, o) {
        if (o?.refresh) refresh();
        return `authorizer-${appid}-${given}`;
      },
    },
    login: (code, openid, unionid) => void codes.set(code, { openid, ...(unionid ? { unionid } : {}) }),
    phone: (code, number, countryCode = "86") => void phones.set(code, { number, countryCode }),
    expireTokens: () => void generation++,
    respond: (prefix, json) => void overrides.push({ prefix, json }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };

  const err = (errcode: number, errmsg: string) => ({ status: 200, json: { errcode, errmsg } });

  function answer(s: SeenWechat): { status: number; json?: unknown; png?: Uint8Array } {
    const i = overrides.findIndex((o) => s.path.startsWith(o.prefix));
    if (i >= 0) return { status: 200, json: overrides.splice(i, 1)[0]!.json };
    if (s.method === "GET" && s.path === "/sns/component/jscode2session") {
      const q = s.query;
      if (q.grant_type !== "authorization_code" || !q.appid || q.component_appid !== fake.componentAppId) return err(40013, "invalid appid");
      if (q.component_access_token !== componentToken()) return err(40001, "invalid credential, access_token is invalid or not latest");
      const who = codes.get(q.js_code ?? "");
      if (!who) return err(40029, "invalid code");
      codes.delete(q.js_code!);
      return { status: 200, json: { openid: `${q.appid}:${who.openid}`.replace(/[^A-Za-z0-9_-]/g, "_"), session_key: "c2Vzc2lvbi1rZXk=", ...(who.unionid ? { unionid: who.unionid } : {}) } };
    }
    const appid = (token: string | undefined) => /^authorizer-(wx[0-9a-f]{16})-(\d+)$/.exec(token ?? "");
    if (s.method === "POST" && s.path === "/wxa/getwxacodeunlimit") {
      const m = appid(s.query.access_token);
      if (!m || s.query.access_token !== authorizerToken(m[1]!)) return err(40001, "invalid credential");
      const b = s.body ?? {};
      if (typeof b.scene !== "string" || !SCENE.test(b.scene)) return err(40169, "invalid length for scene, or the data is not json string");
      if (typeof b.page !== "string" || b.page.startsWith("/")) return err(41030, "invalid page rule");
      return { status: 200, png: FAKE_PNG };
    }
    if (s.method === "POST" && s.path === "/wxa/business/getuserphonenumber") {
      const m = appid(s.query.access_token);
      if (!m || s.query.access_token !== authorizerToken(m[1]!)) return err(40001, "invalid credential");
      const p = phones.get(String(s.body?.code ?? ""));
      if (!p) return err(40029, "invalid code");
      phones.delete(String(s.body!.code));
      const full = p.countryCode === "86" ? `+86${p.number}` : `+${p.countryCode}${p.number}`;
      return { status: 200, json: { errcode: 0, errmsg: "ok", phone_info: { phoneNumber: full, purePhoneNumber: p.number, countryCode: p.countryCode, watermark: { timestamp: 0, appid: m[1] } } } };
    }
    return { status: 404, json: { errcode: -1, errmsg: "not found" } };
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://fake");
      const raw = Buffer.concat(chunks).toString();
      let body: Record<string, unknown> | null = null;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      const seen: SeenWechat = { method: req.method ?? "GET", path: u.pathname, query: Object.fromEntries(u.searchParams), body };
      fake.seen.push(seen);
      const a = answer(seen);
      if (a.png) {
        res.writeHead(a.status, { "content-type": "image/png", "content-length": a.png.length });
        res.end(Buffer.from(a.png));
      } else {
        res.writeHead(a.status, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(a.json));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
