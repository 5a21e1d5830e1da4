import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { CONTRAST_PAIRS, DEFAULT_THEME, FONTS, TAB_TARGETS } from "../../theme/src";
import { MESSAGES } from "./index";

function leaves(tree: Record<string, unknown>, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as Record<string, unknown>, `${prefix}${k}.`)));
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();
const ns = (locale: "zh-CN" | "en") => (MESSAGES[locale] as unknown as Record<string, Record<string, unknown>>).design!;

/** The console's 店铺装修 strings (app/(platform)/console/design, components/console/design). */
describe("design messages", () => {
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

  // Found from the theme package, so a token, font or tab target added later needs its label here.
  it("names every theme field in the history, every contrast pair, font and tab target on the form", () => {
    const needed = [
      ...Object.keys(DEFAULT_THEME).map((f) => `releases.themeFields.${f}`),
      ...CONTRAST_PAIRS.flatMap((p) => [`theme.${p.text}`, `theme.${p.surface}`]),
      ...FONTS.map((f) => `theme.fonts.${f}`),
      ...TAB_TARGETS.map((x) => `theme.targets.${x}`),
    ];
    for (const k of needed) {
      expect(zh.has(k), k).toBe(true);
      expect(en.has(k), k).toBe(true);
    }
  });
});
