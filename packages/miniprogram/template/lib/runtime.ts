// The theme's and decoration's zod-free modules: the schemas stay on the server (zod alone was 450 KB here).
import { toWxssVariables } from "../../../theme/src/css";
import type { Theme } from "../../../theme/src";
import type { BlockEnv } from "./blocks";
import { readExt, type ExtConfig } from "./ext";
import { localeOf, type Locale } from "./i18n";
import { setTabPages } from "./links";
import { createApi, type Api } from "./trpc";
import type { WxLike } from "./wx";

/** What every page's logic gets: the wx API, the tenant's ext config, the typed client and the language. */
export type PageEnv = { wx: WxLike; ext: ExtConfig; api: Api; locale: Locale; now?: () => number };

export function createPageEnv(wx: WxLike, ext: ExtConfig = readExt(wx)): PageEnv {
  const locale = localeOf(wx.getSystemInfoSync?.().language);
  setTabPages(ext.tabs);
  return { wx, ext, locale, api: createApi(wx, ext, { locale: () => locale }) };
}

export const blockEnv = (env: PageEnv): BlockEnv => ({ apiBase: env.ext.apiBase, locale: env.locale, now: env.now?.() ?? Date.now() });

/** The release's theme as the inline style of a page's root view (WXSS variables cannot be set at run time otherwise). */
export const themeStyle = (theme: Theme) => toWxssVariables(theme, "").replace(/^ \{\n|\n\}\n$/g, "").replace(/\n\s*/g, " ").trim();
