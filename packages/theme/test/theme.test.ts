import { describe, expect, test } from "vitest";
import { contrastFailures, contrastRatio, DEFAULT_THEME, readTheme, themeChanges, themeSchema, toCssVariables, toWxssVariables } from "../src";

const issueOf = (input: unknown) => {
  const r = themeSchema.safeParse(input);
  return r.success ? null : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, params: (i as { params?: unknown }).params }));
};

describe("contrast (WCAG 2.x)", () => {
  test.each([
    ["#000000", "#ffffff", 21],
    ["#ffffff", "#ffffff", 1],
    ["#767676", "#ffffff", 4.54],
  ])("%s on %s is %s:1", (a, b, ratio) => {
    expect(contrastRatio(a, b)).toBeCloseTo(ratio, 1);
  });
  test("white text on a pale primary is refused, naming the pair and the ratio", () => {
    const issues = issueOf({ ...DEFAULT_THEME, primary: "#ffe4e6" });
    expect(issues).toEqual([{ path: "primaryForeground", message: "theme.contrast", params: expect.objectContaining({ text: "primaryForeground", surface: "primary" }) }]);
    expect(Number((issues![0]!.params as { ratio: string }).ratio)).toBeLessThan(4.5);
  });
  test("grey text on grey is refused; the default theme passes", () => {
    expect(contrastFailures({ ...DEFAULT_THEME, background: "#777777", foreground: "#888888" }).map((f) => f.text)).toEqual(["foreground"]);
    expect(issueOf(DEFAULT_THEME)).toBeNull();
  });
});

describe("the theme schema", () => {
  test.each([
    [{ primary: "red" }, "primary", "theme.colour"],
    [{ radius: 30 }, "radius", "theme.radius"],
    [{ font: "comic" }, "font", "theme.font"],
    [{ tabBar: [DEFAULT_THEME.tabBar[0]] }, "tabBar", "theme.tabBarSize"],
    [{ tabBar: [...DEFAULT_THEME.tabBar, ...DEFAULT_THEME.tabBar] }, "tabBar", "theme.tabBarSize"],
    [{ tabBar: [{ target: "page", label: { "zh-CN": "活动", en: "Sale" } }, DEFAULT_THEME.tabBar[0]] }, "tabBar.0.pageSlug", "theme.tabPage"],
    [{ navigation: [{ target: "home", label: { "zh-CN": "", en: "Home" } }] }, "navigation.0.label.zh-CN", "theme.labelRequired"],
  ])("%j is refused at %s", (over, path, message) => {
    expect(issueOf({ ...DEFAULT_THEME, ...over })).toContainEqual(expect.objectContaining({ path, message }));
  });
  test("colours are stored lower-case", () => {
    expect(themeSchema.parse({ ...DEFAULT_THEME, primary: "#1F6F4A" }).primary).toBe("#1f6f4a");
  });
});

describe("reading a stored theme", () => {
  test("an old row with colours only gets the default font, tab bar and navigation", () => {
    const t = readTheme({ primary: "#123456", primaryForeground: "#ffffff", accent: "#000000", background: "#ffffff", foreground: "#000000", radius: 4, font: "serif" });
    expect(t).toMatchObject({ primary: "#123456", font: "serif", tabBar: DEFAULT_THEME.tabBar, navigation: [], logo: null });
  });
  test("a broken field falls back to its default, the rest is kept", () => {
    expect(readTheme({ primary: "nope", accent: "#abcdef" })).toMatchObject({ primary: DEFAULT_THEME.primary, accent: "#abcdef" });
    expect(readTheme(null)).toEqual(DEFAULT_THEME);
  });
});

test("CSS variables carry every colour, the radius and the font", () => {
  const v = toCssVariables({ ...DEFAULT_THEME, radius: 6, font: "serif" });
  expect(v["--brand-primary"]).toBe(DEFAULT_THEME.primary);
  expect(v["--brand-radius"]).toBe("6px");
  expect(v["--brand-font"]).toMatch(/serif/);
});

test("theme changes name the fields, whatever the key order", () => {
  const tabs = DEFAULT_THEME.tabBar.map((t) => ({ label: { en: t.label.en, "zh-CN": t.label["zh-CN"] }, target: t.target }));
  expect(themeChanges(DEFAULT_THEME, { ...DEFAULT_THEME, tabBar: tabs })).toEqual([]);
  expect(themeChanges(DEFAULT_THEME, { ...DEFAULT_THEME, primary: "#000000", radius: 0 })).toEqual(["primary", "radius"]);
});

describe("WXSS variables (the mini-program)", () => {
  test("one `page` rule with the same tokens as the CSS variables", () => {
    const t = { ...DEFAULT_THEME, primary: "#123456", radius: 6, font: "rounded" as const };
    const wxss = toWxssVariables(t);
    expect(wxss).toMatch(/^page \{\n[\s\S]*\n\}\n$/);
    const decls = Object.fromEntries([...wxss.matchAll(/^ {2}(--[a-z-]+): (.+);$/gm)].map((m) => [m[1], m[2]]));
    expect(Object.keys(decls).sort()).toEqual(Object.keys(toCssVariables(t)).sort());
    expect(decls["--brand-primary"]).toBe("#123456");
    expect(decls["--brand-font"]).toBe(toCssVariables(t)["--brand-font"]);
  });
  test("the radius is in rpx (750 wide: twice the H5 px)", () => {
    expect(toWxssVariables({ ...DEFAULT_THEME, radius: 6 })).toContain("--brand-radius: 12rpx;");
    expect(toWxssVariables({ ...DEFAULT_THEME, radius: 0 })).toContain("--brand-radius: 0rpx;");
  });
  test("another selector can be named", () => {
    expect(toWxssVariables(DEFAULT_THEME, ".shop")).toMatch(/^\.shop \{/);
  });
});
