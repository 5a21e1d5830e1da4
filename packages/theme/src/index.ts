/**
 * The shop's theme: the tokens the H5 storefront and the mini-program both
 * paint with. Pure (bundled into the mini-program): no Node, React or
 * database imports. Error messages are keys under "errors" (messages/*.json).
 */
import { z } from "zod";
import { parseMediaUrl } from "../../catalog/src/image";

export const FONTS = ["sans", "serif", "rounded"] as const;
export type ThemeFont = (typeof FONTS)[number];

/** Where a tab or navigation item leads; `page` names a landing page by its slug. */
export const TAB_TARGETS = ["home", "category", "cart", "me", "distribution", "page"] as const;
export type TabTarget = (typeof TAB_TARGETS)[number];

const HEX = /^#[0-9a-f]{6}$/i;
const colour = z
  .string({ error: "theme.colour" })
  .trim()
  .regex(HEX, { error: "theme.colour" })
  .transform((c) => c.toLowerCase());

const label = z.object({
  "zh-CN": z.string().trim().min(1, { error: "theme.labelRequired" }).max(8, { error: "theme.labelTooLong" }),
  en: z.string().trim().min(1, { error: "theme.labelRequired" }).max(16, { error: "theme.labelTooLong" }),
});

const PAGE_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const navItemSchema = z
  .object({
    target: z.enum(TAB_TARGETS, { error: "theme.tabTarget" }),
    pageSlug: z.string().regex(PAGE_SLUG, { error: "page.slugFormat" }).optional(),
    label,
  })
  .refine((i) => (i.target === "page") === Boolean(i.pageSlug), { error: "theme.tabPage", path: ["pageSlug"] });
export type NavItem = z.infer<typeof navItemSchema>;

export const DEFAULT_TAB_BAR: NavItem[] = [
  { target: "home", label: { "zh-CN": "首页", en: "Home" } },
  { target: "category", label: { "zh-CN": "分类", en: "Categories" } },
  { target: "cart", label: { "zh-CN": "购物车", en: "Cart" } },
  { target: "me", label: { "zh-CN": "我的", en: "Me" } },
];

/** The tokens without the contrast rule (forms validate field by field with it). */
export const themeFieldsSchema = z.object({
  primary: colour,
  primaryForeground: colour,
  accent: colour,
  background: colour,
  foreground: colour,
  radius: z.number({ error: "theme.radius" }).int({ error: "theme.radius" }).min(0, { error: "theme.radius" }).max(24, { error: "theme.radius" }),
  font: z.enum(FONTS, { error: "theme.font" }),
  /** The shop's uploaded logo (one of its own media URLs), or none. */
  logo: z.string().nullable().default(null),
  /** Links in the header's menu (a few landing pages, categories). */
  navigation: z.array(navItemSchema).max(6, { error: "theme.navTooMany" }).default([]),
  /** The bottom tab bar: 2 to 5 items, as WeChat allows. */
  tabBar: z.array(navItemSchema).min(2, { error: "theme.tabBarSize" }).max(5, { error: "theme.tabBarSize" }).default(DEFAULT_TAB_BAR),
});

export const MIN_CONTRAST = 4.5;

/** The pairs of text on a surface that must be readable (WCAG AA, normal text). */
export const CONTRAST_PAIRS = [
  { text: "primaryForeground", surface: "primary" },
  { text: "foreground", surface: "background" },
] as const;

/** The theme as stored: every field valid and both text pairs readable. */
export const themeSchema = themeFieldsSchema.superRefine((t, ctx) => {
  for (const p of contrastFailures(t)) {
    ctx.addIssue({ code: "custom", path: [p.text], message: "theme.contrast", params: { text: p.text, surface: p.surface, ratio: p.ratio.toFixed(2) } });
  }
});
export type Theme = z.infer<typeof themeFieldsSchema>;
export type ThemeInput = z.input<typeof themeFieldsSchema>;

export const DEFAULT_THEME: Theme = {
  primary: "#1f6f4a",
  primaryForeground: "#ffffff",
  accent: "#b45309",
  background: "#ffffff",
  foreground: "#0f172a",
  radius: 12,
  font: "sans",
  logo: null,
  navigation: [],
  tabBar: DEFAULT_TAB_BAR,
};

/**
 * A stored theme read back (older rows have only the colour tokens): missing
 * fields take the defaults; a broken value falls back to the default theme's,
 * so a shop never renders unstyled.
 */
export function readTheme(raw: unknown): Theme {
  const base = { ...DEFAULT_THEME, ...(raw && typeof raw === "object" ? (raw as object) : {}) };
  const parsed = themeFieldsSchema.safeParse(base);
  if (parsed.success) return parsed.data;
  const out: Record<string, unknown> = { ...DEFAULT_THEME };
  for (const key of Object.keys(themeFieldsSchema.shape) as (keyof Theme)[]) {
    const one = themeFieldsSchema.shape[key].safeParse((base as Record<string, unknown>)[key]);
    if (one.success) out[key] = one.data;
  }
  return out as Theme;
}

// ---- contrast (WCAG 2.x relative luminance)

function channel(c: number) {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string) {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** The contrast ratio of two #rrggbb colours, 1 to 21. */
export function contrastRatio(a: string, b: string) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

export type ContrastFailure = { text: (typeof CONTRAST_PAIRS)[number]["text"]; surface: (typeof CONTRAST_PAIRS)[number]["surface"]; ratio: number };

export function contrastFailures(t: Pick<Theme, "primary" | "primaryForeground" | "background" | "foreground">): ContrastFailure[] {
  const out: ContrastFailure[] = [];
  for (const p of CONTRAST_PAIRS) {
    if (!HEX.test(t[p.text]) || !HEX.test(t[p.surface])) continue;
    const ratio = contrastRatio(t[p.text], t[p.surface]);
    if (ratio < MIN_CONTRAST) out.push({ ...p, ratio });
  }
  return out;
}

/** The logo must be one of this shop's own uploads. */
export function logoBelongsTo(theme: Pick<Theme, "logo">, tenantId: string) {
  if (!theme.logo) return true;
  return parseMediaUrl(theme.logo)?.tenantId === tenantId.toLowerCase();
}

// ---- output

export { FONT_STACKS, toCssVariables, toWxssVariables } from "./css";

/** The label of a tab or navigation item in a language (zh-CN when the language has none). */
export const navLabel = (item: NavItem, locale: string) => (locale === "en" ? item.label.en : item.label["zh-CN"]);

/** What changed between two themes, by field name (for the release history). */
export function themeChanges(before: Theme, after: Theme): (keyof Theme)[] {
  const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));
  return (Object.keys(after) as (keyof Theme)[]).filter((k) => json(before[k]) !== json(after[k]));
}
