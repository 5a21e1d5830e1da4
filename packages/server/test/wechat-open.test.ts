/**
 * The WeChat third-party platform client against a local fake WeChat
 * (fake-wechat-open.ts): token caching and refresh, every error a merchant can
 * meet, push signatures and decryption (tampered refused), authorization, and
 * a release's whole way: submit → audit push → release → revert.
 */
import { sql, type SQL } from "drizzle-orm";
import { unzipSync, strFromU8 } from "fflate";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { Database, Db } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { seedDemo } from "../../db/src/seed";
import { createTestDatabase } from "../../db/src/testing";
import { createCaller } from "../../api/src/root";
import type { Context, User } from "../../api/src/trpc";
import { loadUser, truthOf } from "../../api/test/helpers";
import { getSubmission } from "../../db/src/queries/miniprogram-publishing";
import { packageZip } from "../../miniprogram/package/zip";
import { buildExtJson } from "../../miniprogram/package/ext";
import { DEFAULT_THEME } from "../../theme/src";
import {
  addDraftToTemplates,
  authorizationUrl,
  componentToken,
  completeAuthorization,
  decryptMessage,
  encryptMessage,
  handleAuthorizerPush,
  handleComponentPush,
  listDrafts,
  listTemplates,
  forgetTokens,
  openPush,
  wechatTokenSource,
  pollOpenAudits,
  readWechatEnv,
  releaseSubmission,
  resetWechatEnv,
  revertRelease,
  sealPush,
  wechatErrorKey,
  type WechatConfig,
} from "../src/wechat-open";
import { decryptSecret, encryptSecret } from "../src/secrets";
import { FAKE_WECHAT_ENV, startFakeWechat, type FakeWechat } from "./fake-wechat-open";

process.env.SECRETS_KEY ??= "vitest-secrets-key";

let database: Database;
let db: Db;
let fake: FakeWechat;
let cfg: WechatConfig;
let seed: Awaited<ReturnType<typeof seedDemo>>;
let owner: User;
const truth = <T>(q: SQL) => truthOf(db)<T>(q);
const APP = "http://app.invalid";
const crypt = { appid: FAKE_WECHAT_ENV.WECHAT_COMPONENT_APPID, token: FAKE_WECHAT_ENV.WECHAT_COMPONENT_TOKEN, aesKey: FAKE_WECHAT_ENV.WECHAT_COMPONENT_AES_KEY };

/** A push as WeChat sends it, handed to our handler (no HTTP server needed). */
function pushUrl(path: string, query: Record<string, string>) {
  const u = new URL(path, APP);
  for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
  return u;
}
async function pushTicket(ticket = `ticket@@@${Math.random()}`) {
  const { body, query } = sealPush(crypt, { AppId: crypt.appid, CreateTime: 1, InfoType: "component_verify_ticket", ComponentVerifyTicket: ticket });
  return handleComponentPush(db, cfg, pushUrl("/api/wechat/component", query), body);
}

beforeAll(async () => {
  fake = await startFakeWechat(crypt);
  const env = readWechatEnv({ ...FAKE_WECHAT_ENV, WECHAT_API_BASE: fake.url, WECHAT_MP_BASE: fake.url, WECHAT_CODE_CHECK_RETRY_MS: "1", WECHAT_CODE_CHECK_TRIES: "3" });
  if (!env.configured) throw new Error("fake env not configured");
  cfg = env.config;
  // The API reads process.env once: point it at the fake too.
  Object.assign(process.env, { ...FAKE_WECHAT_ENV, WECHAT_API_BASE: fake.url, WECHAT_MP_BASE: fake.url, WECHAT_CODE_CHECK_RETRY_MS: "1", WECHAT_CODE_CHECK_TRIES: "3" });
  resetWechatEnv();
  database = await createTestDatabase();
  db = database.db;
  seed = await seedDemo(db);
  owner = await loadUser(db, seed.ownerId);
});

afterAll(async () => {
  await fake?.close();
  await database?.close();
});

describe("environment", () => {
  test("names the missing and the invalid variables", () => {
    const e = readWechatEnv({ WECHAT_COMPONENT_APPID: "wx123", WECHAT_COMPONENT_TOKEN: "tok" });
    expect(e.configured).toBe(false);
    expect(e.missing).toEqual(["WECHAT_COMPONENT_SECRET", "WECHAT_COMPONENT_AES_KEY"]);
    expect(e.invalid.map((i) => i.name)).toEqual(["WECHAT_COMPONENT_APPID"]);
  });
});

describe("secrets", () => {
  test("round trip; a tampered blob is refused", () => {
    const blob = encryptSecret("refresh@@@token");
    expect(blob).not.toContain("refresh");
    expect(decryptSecret(blob)).toBe("refresh@@@token");
    const [v, iv, tag, ct] = blob.split(".");
    const flipped = `${v}.${iv}.${tag}.${ct!.slice(0, -2)}${ct!.slice(-2) === "AA" ? "AB" : "AA"}`;
    expect(() => decryptSecret(flipped)).toThrow();
  });
});

describe("message crypto", () => {
  test("decrypts what WeChat's scheme encrypts, and checks the app id", () => {
    const enc = encryptMessage(crypt.aesKey, crypt.appid, "<xml><A>中文</A></xml>");
    expect(decryptMessage(crypt.aesKey, crypt.appid, enc)).toBe("<xml><A>中文</A></xml>");
    expect(() => decryptMessage(crypt.aesKey, "wxotherapp", enc)).toThrow(/another app id/);
  });

  test("a push with a wrong signature, a tampered body or a stale signature over other bytes is refused and changes nothing", async () => {
    const { body, query } = sealPush(crypt, { AppId: crypt.appid, InfoType: "component_verify_ticket", ComponentVerifyTicket: "ticket@@@tampered" });
    expect(() => openPush(crypt, { timestamp: query.timestamp, nonce: query.nonce, signature: "0".repeat(40) }, body)).toThrow(/signature/);
    // A genuine push captured and posted again ten minutes later is refused.
    const old = sealPush(crypt, { AppId: crypt.appid, InfoType: "component_verify_ticket", ComponentVerifyTicket: "ticket-old" }, Date.now() - 10 * 60_000);
    const oldQuery = { timestamp: old.query.timestamp, nonce: old.query.nonce, signature: old.query.msg_signature };
    expect(() => openPush(crypt, oldQuery, old.body)).toThrow(/stale/);
    expect(openPush(crypt, oldQuery, old.body, Date.now() - 10 * 60_000).ComponentVerifyTicket).toBe("ticket-old");
    const tampered = body.replace(/<Encrypt><!\[CDATA\[(.)/, (_m, c: string) => `<Encrypt><![CDATA[${c === "A" ? "B" : "A"}`);
    const r1 = await handleComponentPush(db, cfg, pushUrl("/api/wechat/component", query), tampered);
    const r2 = await handleComponentPush(db, cfg, pushUrl("/api/wechat/component", { ...query, nonce: "other" }), body);
    expect([r1.status, r2.status]).toEqual([403, 403]);
    expect(await truth(sql`select * from wechat_component where verify_ticket = 'ticket@@@tampered'`)).toEqual([]);
  });
});

describe("component token", () => {
  test("no ticket yet: a clear error; after the push, one fetch serves many calls (cached, encrypted)", async () => {
    await expect(componentToken(db, cfg)).rejects.toMatchObject({ key: "wechat.noTicket" });
    expect((await pushTicket()).body).toBe("success");
    const before = fake.count("cgi-bin/component/api_component_token");
    const tokens = await Promise.all([componentToken(db, cfg), componentToken(db, cfg), componentToken(db, cfg)]);
    expect(new Set(tokens).size).toBe(1);
    expect(await componentToken(db, cfg)).toBe(tokens[0]);
    expect(fake.count("cgi-bin/component/api_component_token") - before).toBe(1);
    const [row] = await truth<{ access_token_enc: string }>(sql`select access_token_enc from wechat_component`);
    expect(row!.access_token_enc).not.toContain(tokens[0]);
  });

  test("refreshed before it expires (inside the last 10 minutes)", async () => {
    const first = await componentToken(db, cfg);
    await db.execute(sql`update wechat_component set token_expires_at = now() + interval '5 minutes'`);
    forgetTokens(); // as another app server, which never held the token in memory
    const second = await componentToken(db, cfg);
    expect(second).not.toBe(first);
  });

  test("42001 / 40001 on a call: the token is refreshed and the call retried once", async () => {
    fake.expireTokens();
    const before = fake.count("cgi-bin/component/api_component_token");
    expect((await listDrafts(db, cfg)).map((d) => d.draftId)).toEqual(["7"]);
    expect(fake.count("cgi-bin/component/api_component_token") - before).toBe(1);
    fake.script("wxa/gettemplatelist", { errcode: 40001, errmsg: "invalid credential" }, { errcode: 40001, errmsg: "invalid credential" });
    await expect(listTemplates(db, cfg)).rejects.toMatchObject({ errcode: 40001 });
  });

  test("template library: a draft becomes a template", async () => {
    await addDraftToTemplates(db, cfg, "7");
    expect((await listTemplates(db, cfg)).map((t) => [t.templateId, t.userVersion])).toEqual([["100", "1.2.0"]]);
  });
});

describe("errors a merchant can meet", () => {
  test.each([
    [85009, "wechat.alreadyAuditing"],
    [61039, "wechat.codeCheckPending"],
    [85085, "wechat.auditQuota"],
    [85017, "wechat.domain"],
    [85013, "wechat.template"],
    [85030, "wechat.appid"],
    [42001, "wechat.tokenExpired"],
    [40001, "wechat.tokenExpired"],
  ])("%i → %s (in both languages)", async (code, key) => {
    expect(wechatErrorKey(code)).toBe(key);
    const zh = (await import("../../../messages/zh-CN.json")).default as unknown as { errors: Record<string, Record<string, string>> };
    const en = (await import("../../../messages/en.json")).default as unknown as { errors: Record<string, Record<string, string>> };
    const k = key.split(".")[1]!;
    expect(zh.errors.wechat![k]).toBeTruthy();
    expect(en.errors.wechat![k]).toBeTruthy();
  });
});

describe("authorization and a release's way through WeChat", () => {
  const owners = () => createCaller({ db, user: owner, locale: "zh-CN", activeTenantId: seed.teaId } satisfies Context);
  const sub = (id: string) => withContext(db, { tenantId: seed.teaId }, (tx) => getSubmission(tx, seed.teaId, id));
  beforeAll(async () => {
    // tea's demo programme pays a team bonus; review-safe mode is its own test below.
    const p = await owners().distribution.programme();
    await owners().distribution.saveProgramme({ ...p.programme, reviewSafeMode: true });
  });
  beforeEach(async () => {
    await db.execute(sql`update miniprogram_submissions set status = 'failed' where status in ('pending', 'checking', 'auditing', 'audit_delayed')`);
  });

  test("pre-auth URL → callback: the app id and its refresh token are stored, the token encrypted", async () => {
    const url = new URL(await authorizationUrl(db, cfg, "http://localhost:3000/api/wechat/authorize/callback"));
    expect(url.pathname).toBe("/cgi-bin/componentloginpage");
    expect(url.searchParams.get("auth_type")).toBe("2");
    const code = `authcode_${url.searchParams.get("pre_auth_code")}`;
    const r = await completeAuthorization(db, cfg, seed.teaId, code);
    expect(r).toEqual({ appid: "wxfakeauthorizer01", nickName: "青山茶舍小程序" });
    const [row] = await truth<{ status: string; refresh_token_enc: string }>(sql`select status, refresh_token_enc from miniprogram_authorizations where tenant_id = ${seed.teaId}`);
    expect(row!.status).toBe("authorized");
    expect(row!.refresh_token_enc).not.toContain("refreshtoken");
    expect(decryptSecret(row!.refresh_token_enc)).toMatch(/^refreshtoken@@@/);
  });

  test("submit (61039 once, retried) → audit success push → release → revert; every call recorded without tokens", async () => {
    await owners().platformWechat.status().catch(() => null);
    await db.execute(sql`update wechat_component set template_id = '100', template_version = '1.2.0'`);
    fake.script("wxa/submit_audit", { errcode: 61039, errmsg: "code check not finished" });
    const status = await owners().miniprogram.status();
    expect(status.blocker).toBeNull();
    const version = status.releases[0]!.version;
    const { id } = await owners().miniprogram.submit({ version, origin: "http://localhost:3000" });
    let s = (await sub(id))!;
    expect(s.status).toBe("auditing");
    expect(s.timeline.map((t) => t.status)).toEqual(["pending", "checking", "auditing"]);
    expect(s.calls.map((c) => c.api)).toEqual(["wxa/modify_domain", "cgi-bin/component/setprivacysetting", "wxa/commit", "wxa/submit_audit", "wxa/submit_audit"]);
    const log = JSON.stringify(s.calls);
    expect(log).not.toMatch(/at_\d+_|refreshtoken@@@|ct_\d+_/);
    const commit = fake.commits.at(-1)!;
    expect(commit.user_version).toBe(`1.0.${version}`);
    expect(JSON.parse(commit.ext_json).ext).toMatchObject({ tenant: "tea", tenantId: seed.teaId, release: version });
    // WeChat's verdict arrives as an encrypted push to the authorizer's message URL.
    const { body, query } = sealPush(crypt, { ToUserName: "gh_x", MsgType: "event", Event: "weapp_audit_success", SuccTime: 1 });
    expect((await handleAuthorizerPush(db, cfg, "wxfakeauthorizer01", pushUrl("/api/wechat/authorizer/wxfakeauthorizer01", query), body)).body).toBe("success");
    expect((await sub(id))!.status).toBe("passed");
    await releaseSubmission(db, cfg, seed.teaId, id);
    expect(fake.releasedVersion).toBe(`1.0.${version}`);
    expect((await owners().miniprogram.status()).liveVersion).toMatchObject({ releaseVersion: version });
    await revertRelease(db, cfg, seed.teaId);
    s = (await sub(id))!;
    expect(s.status).toBe("reverted");
    expect(fake.count("wxa/revertcoderelease")).toBe(1);
  });

  test.each([
    ["wxa/submit_audit", 85009, "wechat.alreadyAuditing"],
    ["wxa/submit_audit", 85085, "wechat.auditQuota"],
    ["wxa/modify_domain", 85017, "wechat.domain"],
    ["wxa/commit", 85013, "wechat.template"],
  ])("%s answering %i: the submission fails with %s and the calls before it stay recorded", async (api, errcode, key) => {
    fake.script(api, { errcode, errmsg: "scripted" });
    const { id } = await owners().miniprogram.submit({ version: 1, origin: "http://localhost:3000" });
    const s = (await sub(id))!;
    expect(s.status).toBe("failed");
    expect(s.errorKey).toBe(key);
    expect(s.reason).toBe(`${errcode} scripted`);
    expect(s.calls.at(-1)!.api).toBe(api);
  });

  test("61039 for longer than the retries: failed, code check pending", async () => {
    fake.script("wxa/submit_audit", ...Array.from({ length: 3 }, () => ({ errcode: 61039, errmsg: "code check not finished" })));
    const { id } = await owners().miniprogram.submit({ version: 1, origin: "http://localhost:3000" });
    expect((await sub(id))!.errorKey).toBe("wechat.codeCheckPending");
  });

  test("an expired authorizer token (42001) on commit: refreshed and retried once", async () => {
    fake.script("wxa/commit", { errcode: 42001, errmsg: "access_token expired" });
    const { id } = await owners().miniprogram.submit({ version: 1, origin: "http://localhost:3000", autoRelease: true });
    const s = (await sub(id))!;
    expect(s.status).toBe("auditing");
    expect(s.calls.filter((c) => c.api === "wxa/commit")).toHaveLength(2);
    expect(s.calls.some((c) => c.api === "cgi-bin/component/api_authorizer_token")).toBe(true);
    // Automatic release once WeChat passes it.
    const { body, query } = sealPush(crypt, { MsgType: "event", Event: "weapp_audit_success" });
    await handleAuthorizerPush(db, cfg, "wxfakeauthorizer01", pushUrl("/x", query), body);
    expect((await sub(id))!.status).toBe("released");
  });

  test("a failed audit push keeps WeChat's reason; a second submission while one is under review is refused (85009's meaning)", async () => {
    const { id } = await owners().miniprogram.submit({ version: 1, origin: "http://localhost:3000" });
    await expect(owners().miniprogram.submit({ version: 1, origin: "http://localhost:3000" })).rejects.toMatchObject({ message: "wechat.alreadyAuditing" });
    const { body, query } = sealPush(crypt, { MsgType: "event", Event: "weapp_audit_fail", Reason: "类目不符" });
    await handleAuthorizerPush(db, cfg, "wxfakeauthorizer01", pushUrl("/x", query), body);
    expect(await sub(id)).toMatchObject({ status: "audit_failed", reason: "类目不符" });
  });

  test("a lost push: the scheduled poll asks get_auditstatus for reviews waiting 5 minutes", async () => {
    const { id } = await owners().miniprogram.submit({ version: 1, origin: "http://localhost:3000" });
    expect(await pollOpenAudits(db, cfg)).toEqual({ polled: 0, failed: 0 });
    await db.execute(sql`update miniprogram_submissions set updated_at = now() - interval '6 minutes' where id = ${id}`);
    fake.auditStatus = 0;
    expect(await pollOpenAudits(db, cfg)).toEqual({ polled: 1, failed: 0 });
    expect((await sub(id))!.status).toBe("passed");
    expect((await sub(id))!.calls.at(-1)!.api).toBe("wxa/get_auditstatus");
  });

  test("team bonus on and review-safe off: submitting asks to turn review-safe mode on, then does it", async () => {
    const p = await owners().distribution.programme();
    await owners().distribution.saveProgramme({ ...p.programme, reviewSafeMode: false, teamBonus: { ...p.programme.teamBonus, enabled: true, rateBps: 500 } });
    await expect(owners().miniprogram.submit({ version: 1, origin: "http://localhost:3000" })).rejects.toMatchObject({ message: "wechat.reviewSafeRequired" });
    await owners().miniprogram.submit({ version: 1, origin: "http://localhost:3000", turnOnReviewSafe: true });
    expect((await owners().distribution.programme()).programme.reviewSafeMode).toBe(true);
  });

  test("without platform credentials: the package still builds, submitting is refused naming what is missing", async () => {
    const secret = process.env.WECHAT_COMPONENT_SECRET;
    delete process.env.WECHAT_COMPONENT_SECRET;
    resetWechatEnv();
    try {
      const st = await owners().miniprogram.status();
      expect(st.env).toMatchObject({ configured: false, missing: ["WECHAT_COMPONENT_SECRET"] });
      expect(st.blocker).toEqual({ key: "wechat.notConfigured", params: { names: "WECHAT_COMPONENT_SECRET" } });
      expect((await owners().miniprogram.packageExt({ version: 1, origin: "http://localhost:3000" })).ext).toMatchObject({ tenant: "tea", tenantId: seed.teaId, release: 1 });
      await expect(owners().miniprogram.submit({ version: 1, origin: "http://localhost:3000" })).rejects.toMatchObject({ message: "wechat.notConfigured" });
    } finally {
      process.env.WECHAT_COMPONENT_SECRET = secret;
      resetWechatEnv();
    }
  });

  test("a viewer cannot submit or download", async () => {
    const viewer = await loadUser(db, (await truth<{ id: string }>(sql`select id from users where email = 'viewer@demo.local'`))[0]!.id);
    const as = createCaller({ db, user: viewer, locale: "zh-CN", activeTenantId: seed.teaId } satisfies Context);
    expect((await as.miniprogram.status()).canWrite).toBe(false);
    await expect(as.miniprogram.submit({ version: 1, origin: "http://localhost:3000" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(as.miniprogram.packageExt({ version: 1, origin: "http://localhost:3000" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("the token source the shopper session plugs in: served from memory, refreshed when WeChat refuses it", async () => {
    const source = wechatTokenSource(db, cfg);
    const before = fake.count("cgi-bin/component/api_authorizer_token");
    const t1 = await source.authorizerAccessToken("wxfakeauthorizer01");
    expect(await source.authorizerAccessToken("wxfakeauthorizer01")).toBe(t1);
    const t2 = await source.authorizerAccessToken("wxfakeauthorizer01", { refresh: true });
    expect(t2).not.toBe(t1);
    expect(fake.count("cgi-bin/component/api_authorizer_token") - before).toBe(1);
    expect(source.componentAppId).toBe(crypt.appid);
    await expect(source.authorizerAccessToken("wxunknownapp00001")).rejects.toMatchObject({ key: "wechat.notAuthorized" });
  });

  test("revoking in WeChat (unauthorized push) is detected", async () => {
    const { body, query } = sealPush(crypt, { AppId: crypt.appid, InfoType: "unauthorized", AuthorizerAppid: "wxfakeauthorizer01" });
    await handleComponentPush(db, cfg, pushUrl("/api/wechat/component", query), body);
    const st = await owners().miniprogram.status();
    expect(st.authorization?.status).toBe("revoked");
    expect(st.blocker?.key).toBe("wechat.notAuthorized");
  });
});

describe("tenant package", () => {
  test("the template's files plus ext.json naming the tenant, API base and release", () => {
    const ext = buildExtJson({ appid: "wxabc", tenant: { id: "t-1", slug: "tea", name: "青山茶舍" }, apiBase: "https://mall.example.com", release: { version: 3, theme: DEFAULT_THEME } });
    const zip = unzipSync(packageZip(path.join(import.meta.dirname, "fixtures/mp-template"), ext));
    expect(Object.keys(zip).sort()).toEqual(["app.json", "ext.json", "pages/home/index.js", "pages/home/index.wxml"]);
    const got = JSON.parse(strFromU8(zip["ext.json"]!));
    expect(got).toMatchObject({ extEnable: true, extAppid: "wxabc", ext: { tenant: "tea", tenantId: "t-1", apiBase: "https://mall.example.com", release: 3 } });
    expect(got.tabBar.list.map((i: { pagePath: string }) => i.pagePath)).toEqual(["pages/home/index", "pages/category/index", "pages/cart/index", "pages/me/index"]);
    expect(got.window.navigationBarBackgroundColor).toBe(DEFAULT_THEME.primary);
  });
});
