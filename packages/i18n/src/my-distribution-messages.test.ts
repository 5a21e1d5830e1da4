import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { MESSAGES } from "./index";

/** Every leaf of a message tree, as dotted keys. */
function leaves(tree: Record<string, unknown>, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as Record<string, unknown>, `${prefix}${k}.`)));
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
const ns = (locale: "zh-CN" | "en") => (MESSAGES[locale] as unknown as Record<string, Record<string, unknown>>).myDistribution!;

/** The distributor's storefront strings (app/s/[tenant]/me/distribution, share and earn). */
describe("myDistribution messages", () => {
  const zh = new Map(leaves(ns("zh-CN")));
  const en = new Map(leaves(ns("en")));

  it("has the same keys in both languages", () => {
    expect([...en.keys()].sort()).toEqual([...zh.keys()].sort());
  });

  it.each([...zh.keys()])("%s takes the same parameters in both languages and formats", (k) => {
    expect(placeholders(en.get(k)!), k).toEqual(placeholders(zh.get(k)!));
    const params = Object.fromEntries(placeholders(zh.get(k)!).map((p) => [p, "1"]));
    for (const [locale, text] of [["zh-CN", zh.get(k)!], ["en", en.get(k)!]] as const) {
      expect(String(new IntlMessageFormat(text, locale).format(params)), `${locale} ${k}`).not.toMatch(/[{}]/);
    }
  });

  it("sits right after the shop namespace (one place to merge)", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const keys = Object.keys(MESSAGES[locale]);
      expect(keys[keys.indexOf("shop") + 1], locale).toBe("myDistribution");
    }
  });
});
