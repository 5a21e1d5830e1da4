import { createTranslator } from "next-intl";
import zhCN from "../../../messages/zh-CN.json";
import en from "../../../messages/en.json";

import type { Locale } from "./locales";

export { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALES, toLocale, type Locale } from "./locales";

export const MESSAGES = { "zh-CN": zhCN, en } as const;
export type Messages = typeof zhCN;


/**
 * Translates an error key (under "errors") for API responses. Unknown keys
 * (e.g. a library's own message) fall back to the generic "invalid input".
 */
export function translateError(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: "errors" }) as any;
  return t.has(key) ? t(key, params) : t("invalid");
}
