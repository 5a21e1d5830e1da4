import { cookies } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, MESSAGES, toLocale } from "@/packages/i18n/src";

// No locale in the URL: the language is a cookie (zh-CN by default), switched on every page.
export default getRequestConfig(async () => {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: MESSAGES[locale], timeZone: "Asia/Shanghai" };
});
