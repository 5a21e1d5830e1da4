import { describe, expect, test } from "vitest";
import { bearerOf, MINIPROGRAM_TOKEN_TTL_SECONDS, signMiniprogramToken, verifyMiniprogramToken } from "./miniprogram-token";
import { signSession, verifySession } from "./session";

const ids = { tenantId: "7a1f0c3e-1111-4222-8333-444455556666", userId: "0b7e7c1a-3f0e-4d7e-9a4b-1c2d3e4f5a6b", appId: "wx0123456789abcdef" };

describe("mini-program bearer token", () => {
  test("signs tenant, user, app and expiry; verifies until it expires", () => {
    const now = Date.UTC(2026, 0, 1);
    const { token, expiresAt } = signMiniprogramToken("s", ids, now);
    expect(token).toMatch(/^mp1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime()).toBe(now + MINIPROGRAM_TOKEN_TTL_SECONDS * 1000);
    expect(verifyMiniprogramToken("s", token, now + 1000)).toEqual({ ok: true, token: { tid: ids.tenantId, uid: ids.userId, app: ids.appId, exp: expiresAt.getTime() / 1000 } });
    expect(verifyMiniprogramToken("s", token, expiresAt.getTime())).toEqual({ ok: false, reason: "expired" });
  });

  test("tampering, another secret, and the wrong shape are refused", () => {
    const { token } = signMiniprogramToken("s", ids);
    const [p, payload, sig] = token.split(".") as [string, string, string];
    const changed = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), uid: "someone-else" })).toString("base64url");
    expect(verifyMiniprogramToken("s", `${p}.${changed}.${sig}`).ok).toBe(false);
    expect(verifyMiniprogramToken("other", token)).toEqual({ ok: false, reason: "signature" });
    for (const bad of ["", "mp1", "mp1..", `mp2.${payload}.${sig}`, `${payload}.${sig}`, `${token}.x`]) expect(verifyMiniprogramToken("s", bad).ok).toBe(false);
  });

  test("a session cookie is not a token, and a token is not a session cookie (keys of their own)", () => {
    const cookie = signSession("s", ids.userId);
    expect(verifyMiniprogramToken("s", `mp1.${cookie}`).ok).toBe(false);
    const { token } = signMiniprogramToken("s", ids);
    expect(verifySession("s", token.slice(4))).toBeNull();
  });

  test("reads the Authorization header's bearer token only", () => {
    expect(bearerOf("Bearer abc.def")).toBe("abc.def");
    expect(bearerOf("bearer   abc ")).toBe("abc");
    expect(bearerOf("Basic dXNlcjpwYXNz")).toBeNull();
    expect(bearerOf(null)).toBeNull();
    expect(bearerOf("Bearer a b")).toBeNull();
  });
});
