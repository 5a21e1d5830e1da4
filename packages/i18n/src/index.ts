import { createTranslator } from "next-intl";
import zhCN from "../../../messages/zh-CN.json";
import en from "../../../messages/en.json";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "zh-CN";
export const LOCALE_COOKIE = "NEXT_LOCALE";

export const MESSAGES = { "zh-CN": zhCN, en } as const;
export type Messages = typeof zhCN;

export function toLocale(v: string | null | undefined): Locale {
  return (LOCALES as readonly string[]).includes(v ?? "") ? (v as Locale) : DEFAULT_LOCALE;
}

/**
 * Translates an error key (under "errors") for API responses. Unknown keys
 * (e.g. a library's own message) fall back to the generic "invalid input".
 */
export function translateError(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "errors" }) as any;
  return t.has(key) ? t(key, params) : t("invalid");
}
