/**
 * The theme as CSS and WXSS custom properties. Its own module without zod so
 * the mini-program bundles only this (as decoration's countdown.ts for the
 * storefront's clock): zod was 450 KB of the template's 590 KB.
 */
import type { Theme, ThemeFont } from "./index";

export const FONT_STACKS: Record<ThemeFont, string> = {
  sans: "var(--font-sans, system-ui, sans-serif)",
  serif: "var(--font-serif, 'Noto Serif SC', serif)",
  rounded: "var(--font-rounded, ui-rounded, system-ui, sans-serif)",
};

/** The CSS custom properties the storefront's stylesheet reads (app/globals.css). */
export function toCssVariables(t: Theme): Record<string, string> {
  return {
    "--brand-primary": t.primary,
    "--brand-primary-foreground": t.primaryForeground,
    "--brand-accent": t.accent,
    "--brand-background": t.background,
    "--brand-foreground": t.foreground,
    "--brand-radius": `${t.radius}px`,
    "--brand-font": FONT_STACKS[t.font],
  };
}

/**
 * The same tokens as WXSS text for the mini-program (`page` is its root
 * element), so H5 and mini-program paint from one release. Values come from
 * a parsed theme (hex colours, an integer radius, a known font); WXSS has no
 * `px` on a 750-wide screen that matches H5, so the radius is doubled to rpx.
 */
export function toWxssVariables(t: Theme, selector = "page"): string {
  const vars = { ...toCssVariables(t), "--brand-radius": `${t.radius * 2}rpx` };
  return `${selector} {\n${Object.entries(vars).map(([k, v]) => `  ${k}: ${v};`).join("\n")}\n}\n`;
}

