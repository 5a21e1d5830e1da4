import { describe, expect, test } from "vitest";
import { PREVIEW_TTL_MS, signPreviewToken, verifyPreviewToken } from "./preview-token";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const secret = "test-secret";

describe("preview token", () => {
  test("opens the drafts of its own shop for 24 hours", () => {
    const { token, expiresAt } = signPreviewToken(A, 1_000, secret);
    expect(expiresAt.getTime()).toBe(1_000 + PREVIEW_TTL_MS);
    expect(verifyPreviewToken(token, A, 1_000 + PREVIEW_TTL_MS - 1, secret)).toBe(true);
    expect(verifyPreviewToken(token, A, 1_000 + PREVIEW_TTL_MS, secret)).toBe(false);
  });
  test("is refused for another shop, when altered, or signed with another secret", () => {
    const { token } = signPreviewToken(A, 0, secret);
    expect(verifyPreviewToken(token, B, 1, secret)).toBe(false);
    const [id, exp, sig] = token.split(".");
    expect(verifyPreviewToken(`${id}.${(Number.parseInt(exp!, 36) * 2).toString(36)}.${sig}`, A, 1, secret)).toBe(false);
    expect(verifyPreviewToken(`${B}.${exp}.${sig}`, B, 1, secret)).toBe(false);
    expect(verifyPreviewToken(token, A, 1, "other")).toBe(false);
    expect(verifyPreviewToken("", A, 1, secret)).toBe(false);
    expect(verifyPreviewToken("a.b", A, 1, secret)).toBe(false);
  });
});
