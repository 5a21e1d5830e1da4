import { describe, expect, it } from "vitest";
import { forgetLivePages, keepAnswer, keptAnswer, livePageCache, livePageKey } from "../src/live-pages";

describe("the mini-program's kept page reads", () => {
  it("one read per key while fresh, again after the time or the shop's storefront write; no shop: not kept", async () => {
    let now = 1_000;
    const cache = livePageCache(60_000, () => now);
    let reads = 0;
    const read = (tenantId: string | null, v: string) => async () => {
      reads += 1;
      return tenantId ? { tenantId, value: v } : null;
    };
    const key = livePageKey("Tea-Test", "home", undefined);
    expect(key).toBe(livePageKey("tea-test", "home", undefined));
    const [a, b] = await Promise.all([cache(key, read("t1", "v1")), cache(key, read("t1", "v1"))]);
    expect([a, b, reads]).toEqual(["v1", "v1", 1]);

    keepAnswer(key, '{"result":1}');
    expect(keptAnswer(key, 60_000, () => now)).toBe('{"result":1}');
    now += 61_000;
    expect(keptAnswer(key, 60_000, () => now)).toBeNull();
    expect(await cache(key, read("t1", "v2"))).toBe("v2");
    expect(reads).toBe(2);

    forgetLivePages("other-tenant");
    expect(await cache(key, read("t1", "v3"))).toBe("v2");
    forgetLivePages("t1");
    expect(keptAnswer(key, 60_000, () => now)).toBeNull();
    expect(await cache(key, read("t1", "v3"))).toBe("v3");

    const nowhere = livePageKey("nowhere", "home", undefined);
    expect(await cache(nowhere, read(null, ""))).toBeNull();
    keepAnswer(nowhere, "{}");
    expect(keptAnswer(nowhere, 60_000, () => now)).toBeNull();
    expect(await cache(nowhere, read(null, ""))).toBeNull();
    expect(reads).toBe(5);
  });

  it("a read that fails is not kept", async () => {
    const cache = livePageCache(60_000);
    const key = livePageKey("fails", "home", undefined);
    await expect(cache(key, async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await cache(key, async () => ({ tenantId: "t9", value: 1 }))).toBe(1);
  });
});
