import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { decodeScene, encodeScene, SCENE_ALPHABET, SCENE_MAX } from "./miniprogram-scene";

const alnum = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".split(""));
const code = (min: number, max: number) => fc.array(alnum, { minLength: min, maxLength: max }).map((a) => a.join(""));

describe("mini-program scene (at most 32 characters of WeChat's set)", () => {
  test("a product scene round-trips (any UUID, referral codes up to 9 characters) and fits WeChat's limits", () => {
    fc.assert(
      fc.property(code(4, 9), fc.uuid(), (c, productId) => {
        const scene = encodeScene({ code: c, target: { kind: "product", productId } });
        expect(scene).not.toBeNull();
        expect(scene!.length).toBeLessThanOrEqual(SCENE_MAX);
        expect(scene).toMatch(SCENE_ALPHABET);
        expect(decodeScene(scene)).toEqual({ code: c.toUpperCase(), target: { kind: "product", productId: productId.toLowerCase() } });
        // WeChat hands the page the scene URL-encoded.
        expect(decodeScene(encodeURIComponent(scene!))).toEqual(decodeScene(scene));
      }),
    );
  });

  test("a shop scene round-trips for every valid referral code", () => {
    fc.assert(
      fc.property(code(4, 32), (c) => {
        const scene = encodeScene({ code: c, target: { kind: "home" } });
        expect(scene).toBe(c.toUpperCase());
        expect(decodeScene(scene)).toEqual({ code: c.toUpperCase(), target: { kind: "home" } });
      }),
    );
  });

  test("a personal-shop scene round-trips for referral codes up to 30 characters", () => {
    fc.assert(
      fc.property(code(4, 30), (c) => {
        const scene = encodeScene({ code: c, target: { kind: "personalShop" } });
        expect(scene).toBe(`${c.toUpperCase()}.d`);
        expect(decodeScene(scene)).toEqual({ code: c.toUpperCase(), target: { kind: "personalShop" } });
      }),
    );
    expect(encodeScene({ code: "A".repeat(31), target: { kind: "personalShop" } })).toBeNull();
  });

  test("what does not fit is refused, not truncated", () => {
    fc.assert(
      fc.property(code(10, 32), fc.uuid(), (c, productId) => {
        expect(encodeScene({ code: c, target: { kind: "product", productId } })).toBeNull();
      }),
    );
    expect(encodeScene({ code: "abc", target: { kind: "home" } })).toBeNull();
    expect(encodeScene({ code: "TEA00001", target: { kind: "product", productId: "not-a-uuid" } })).toBeNull();
  });

  test("decoding never throws and accepts only canonical scenes", () => {
    fc.assert(fc.property(fc.string({ maxLength: 64 }), (s) => void decodeScene(s)));
    expect(decodeScene("")).toBeNull();
    expect(decodeScene("AB")).toBeNull();
    expect(decodeScene("TEA0001.short")).toBeNull();
    expect(decodeScene("%E0%A4%A")).toBeNull();
    const ok = encodeScene({ code: "TEA00001", target: { kind: "product", productId: "0b7e7c1a-3f0e-4d7e-9a4b-1c2d3e4f5a6b" } })!;
    expect(decodeScene(ok.slice(0, -1) + "B")).toBeNull(); // a second spelling of the same bytes
    expect(decodeScene(ok.slice(0, -1) + "!")).toBeNull();
  });
});
