/** The signed session cookie of the offline sign-in. */
import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { SESSION_TTL_SECONDS, acceptedLocalSession, signSession, verifySession } from "./session";

const SECRET = "test-secret-0123456789abcdef";
const UID = "6f1c2a3b-0000-4000-8000-123456789abc";
const NOW = Date.UTC(2026, 0, 15, 8, 0, 0);

const decode = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString()) as Record<string, unknown>;
const encode = (obj: unknown) => Buffer.from(JSON.stringify(obj)).toString("base64url");

describe("round trip", () => {
  test("a freshly signed token verifies to its user and an expiry TTL ahead", () => {
    const token = signSession(SECRET, UID, NOW);
    expect(verifySession(SECRET, token, NOW)).toEqual({ uid: UID, exp: Math.floor(NOW / 1000) + SESSION_TTL_SECONDS });
  });

  test("the session lasts two weeks", () => {
    expect(SESSION_TTL_SECONDS).toBe(14 * 24 * 60 * 60);
  });

  test("still valid one second before expiry, at expiry, not one second after", () => {
    const token = signSession(SECRET, UID, NOW);
    const exp = (Math.floor(NOW / 1000) + SESSION_TTL_SECONDS) * 1000;
    expect(verifySession(SECRET, token, exp - 1000)?.uid).toBe(UID);
    expect(verifySession(SECRET, token, exp)?.uid).toBe(UID);
    expect(verifySession(SECRET, token, exp + 1000)).toBeNull();
  });

  test("two users get different tokens, each verifying to its own user", () => {
    const other = "0a0a0a0a-1111-4111-8111-222222222222";
    const a = signSession(SECRET, UID, NOW);
    const b = signSession(SECRET, other, NOW);
    expect(a).not.toBe(b);
    expect(verifySession(SECRET, a, NOW)?.uid).toBe(UID);
    expect(verifySession(SECRET, b, NOW)?.uid).toBe(other);
  });

  test("the cookie value is URL-safe (no characters that need escaping in a cookie)", () => {
    expect(signSession(SECRET, UID, NOW)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });
});

describe("forgery and misuse", () => {
  test("a tampered payload (another user id) with the original signature is rejected", () => {
    const token = signSession(SECRET, UID, NOW);
    const [payload, sig] = token.split(".");
    const forged = encode({ ...decode(payload!), uid: "00000000-0000-4000-8000-000000000000" });
    expect(verifySession(SECRET, `${forged}.${sig}`, NOW)).toBeNull();
  });

  test("a tampered payload (later expiry) with the original signature is rejected", () => {
    const token = signSession(SECRET, UID, NOW);
    const [payload, sig] = token.split(".");
    const forged = encode({ ...decode(payload!), exp: 4_000_000_000 });
    expect(verifySession(SECRET, `${forged}.${sig}`, NOW)).toBeNull();
  });

  test("a tampered signature is rejected (one character changed, truncated, or empty)", () => {
    const token = signSession(SECRET, UID, NOW);
    const [payload, sig] = token.split(".") as [string, string];
    const flipped = sig.slice(0, -1) + (sig.endsWith("A") ? "B" : "A");
    expect(verifySession(SECRET, `${payload}.${flipped}`, NOW)).toBeNull();
    expect(verifySession(SECRET, `${payload}.${sig.slice(0, -2)}`, NOW)).toBeNull();
    expect(verifySession(SECRET, `${payload}.`, NOW)).toBeNull();
    expect(verifySession(SECRET, payload, NOW)).toBeNull();
  });

  test("a token signed with another secret is rejected", () => {
    const token = signSession("another-secret", UID, NOW);
    expect(verifySession(SECRET, token, NOW)).toBeNull();
    expect(verifySession("another-secret", token, NOW)?.uid).toBe(UID);
  });

  test("an expired token is rejected even with a valid signature", () => {
    const issued = NOW - (SESSION_TTL_SECONDS + 60) * 1000;
    const token = signSession(SECRET, UID, issued);
    expect(verifySession(SECRET, token, issued)?.uid).toBe(UID);
    expect(verifySession(SECRET, token, NOW)).toBeNull();
  });

  test("a correctly signed payload of the wrong shape is rejected", () => {
    const sign = (payload: string) => `${payload}.${createHmac("sha256", SECRET).update(payload).digest("base64url")}`;
    const exp = Math.floor(NOW / 1000) + 60;
    // Sanity: the hand-made signature is the real scheme.
    expect(verifySession(SECRET, sign(encode({ uid: UID, exp })), NOW)?.uid).toBe(UID);
    expect(verifySession(SECRET, sign(encode({ uid: 42, exp })), NOW)).toBeNull();
    expect(verifySession(SECRET, sign(encode({ uid: UID, exp: String(exp) })), NOW)).toBeNull();
    expect(verifySession(SECRET, sign(encode({ uid: UID })), NOW)).toBeNull();
    expect(verifySession(SECRET, sign(Buffer.from("not json").toString("base64url")), NOW)).toBeNull();
  });

  test.each([undefined, null, "", ".", "abc", "..", "a.b"])("garbage %j is no session", (token) => {
    expect(verifySession(SECRET, token, NOW)).toBeNull();
  });
});

describe("a local session is accepted only while local sign-in is allowed (H4)", () => {
  const token = signSession(SECRET, UID, NOW);
  const env = (e: Record<string, string>) => e as unknown as NodeJS.ProcessEnv;
  test("development, or production with ALLOW_LOCAL_SIGNIN=1: the cookie signs the user in", () => {
    expect(acceptedLocalSession(SECRET, token, env({ NODE_ENV: "development" }), NOW)?.uid).toBe(UID);
    expect(acceptedLocalSession(SECRET, token, env({ NODE_ENV: "production", ALLOW_LOCAL_SIGNIN: "1" }), NOW)?.uid).toBe(UID);
  });
  test("the same cookie after the demo flag is removed in production, or once Clerk is configured, signs nobody in", () => {
    expect(acceptedLocalSession(SECRET, token, env({ NODE_ENV: "production" }), NOW)).toBeNull();
    expect(acceptedLocalSession(SECRET, token, env({ NODE_ENV: "production", ALLOW_LOCAL_SIGNIN: "0" }), NOW)).toBeNull();
    expect(acceptedLocalSession(SECRET, token, env({ NODE_ENV: "development", NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk", CLERK_SECRET_KEY: "sk" }), NOW)).toBeNull();
  });
});
