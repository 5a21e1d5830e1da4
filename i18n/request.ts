import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, MESSAGES, toLocale } from "@/packages/i18n/src";

/**
 * No locale in the URL the browser shows: the language is a cookie (zh-CN by
 * default), switched on every page. Storefront pages get it from their view
 * segment (proxy.ts put the cookie's value there) through setRequestLocale,
 * so they read no cookie and can be cached; the platform's pages read it.
 */
export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = toLocale(requested ?? (await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: MESSAGES[locale], timeZone: "Asia/Shanghai" };
});
