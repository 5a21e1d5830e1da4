import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { domainChecker, fakeDnsFile, fileResolver, systemResolver, type DomainResolver } from "./domain-check";

const TOKEN = "0123456789abcdef0123456789abcdef";

/** A resolver answering from tables (offline), recording what it was asked. */
function fake(txt: Record<string, string[]>, files: Record<string, string> = {}) {
  const asked: string[] = [];
  const resolver: DomainResolver = {
    txt: async (name) => (asked.push(name), txt[name] ?? []),
    fetchText: async (url) => (asked.push(url), files[url] ?? null),
  };
  return { resolver, asked };
}

describe("domainChecker", () => {
  test("asks for _mall-verify.<domain> and the well-known file", async () => {
    const { resolver, asked } = fake({});
    await domainChecker(resolver)("shop.example.com", TOKEN);
    expect(asked.sort()).toEqual(["_mall-verify.shop.example.com", "http://shop.example.com/.well-known/mall-verify.txt"]);
  });

  test.each([
    ["a matching TXT record among others", { "_mall-verify.shop.example.com": ["v=spf1 -all", `mall-verify=${TOKEN}`] }, {}, { ok: true, method: "dns" }],
    ["a file containing the token", {}, { "http://shop.example.com/.well-known/mall-verify.txt": `${TOKEN}\n` }, { ok: true, method: "http" }],
    ["a TXT record with another token", { "_mall-verify.shop.example.com": ["mall-verify=someone-else"] }, {}, { ok: false, reason: "domainVerify.txtMismatch" }],
    ["the bare token as TXT value", { "_mall-verify.shop.example.com": [TOKEN] }, {}, { ok: false, reason: "domainVerify.txtMismatch" }],
    ["a file with other content", {}, { "http://shop.example.com/.well-known/mall-verify.txt": "hello" }, { ok: false, reason: "domainVerify.fileMismatch" }],
    ["nothing", {}, {}, { ok: false, reason: "domainVerify.notFound" }],
    ["the record on the apex instead", { "shop.example.com": [`mall-verify=${TOKEN}`] }, {}, { ok: false, reason: "domainVerify.notFound" }],
  ])("%s", async (_name, txt, files, want) => {
    expect(await domainChecker(fake(txt, files).resolver)("shop.example.com", TOKEN)).toEqual(want);
  });

  test("a resolver that throws is a failed check, not an error", async () => {
    const broken: DomainResolver = { txt: () => Promise.reject(new Error("SERVFAIL")), fetchText: () => Promise.reject(new Error("ECONNRESET")) };
    expect(await domainChecker(broken)("shop.example.com", TOKEN)).toEqual({ ok: false, reason: "domainVerify.notFound" });
  });
});

describe("systemResolver", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "fake-dns-"));
  const file = path.join(dir, "dns.json");
  writeFileSync(file, JSON.stringify({ "_mall-verify.tea.test": [`mall-verify=${TOKEN}`] }));

  test("FX_FAKE_DNS_FILE is read outside production", async () => {
    const check = domainChecker(systemResolver({ NODE_ENV: "test", FX_FAKE_DNS_FILE: file }));
    expect(await check("tea.test", TOKEN)).toEqual({ ok: true, method: "dns" });
    // The record must still match: the file does not skip verification.
    expect(await check("tea.test", "another-token")).toEqual({ ok: false, reason: "domainVerify.txtMismatch" });
  });

  test("production ignores FX_FAKE_DNS_FILE unless ALLOW_FAKE_DNS=1 says so too", async () => {
    expect(fakeDnsFile({ NODE_ENV: "production", FX_FAKE_DNS_FILE: file })).toBeNull();
    expect(fakeDnsFile({ NODE_ENV: "production", FX_FAKE_DNS_FILE: file, ALLOW_FAKE_DNS: "0" })).toBeNull();
    expect(fakeDnsFile({ NODE_ENV: "production", ALLOW_FAKE_DNS: "1" })).toBeNull();
    expect(fakeDnsFile({ NODE_ENV: "production", FX_FAKE_DNS_FILE: file, ALLOW_FAKE_DNS: "1" })).toBe(file);
    const optedIn = domainChecker(systemResolver({ NODE_ENV: "production", FX_FAKE_DNS_FILE: file, ALLOW_FAKE_DNS: "1" }));
    expect(await optedIn("tea.test", TOKEN)).toEqual({ ok: true, method: "dns" });
  });

  test("a missing or malformed file has no records", async () => {
    expect(await fileResolver(path.join(dir, "none.json")).txt("_mall-verify.tea.test")).toEqual([]);
    writeFileSync(path.join(dir, "bad.json"), "{");
    expect(await fileResolver(path.join(dir, "bad.json")).txt("_mall-verify.tea.test")).toEqual([]);
  });
});
