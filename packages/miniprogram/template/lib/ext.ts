import { PAGES } from "./links";
import type { WxLike } from "./wx";

/**
 * What one tenant's package says about itself (ext.json's `ext`, written per
 * tenant by the packaging code; the template is the same for every tenant).
 */
export type ExtConfig = { tenant: string; apiBase: string; release: number | null; tabs: string[]; landingTab: string | null };

/** The template's own tab bar (app.json), for a package whose ext.json names none. */
export const DEFAULT_TABS = ["/pages/home/index", "/pages/category/index", "/pages/cart/index", "/pages/me/index"];

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** https only (WeChat requires it); http on the loopback for the simulator and the Node tests. */
const ORIGIN = /^(https:\/\/[a-z0-9.-]+(?::\d+)?|http:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?)$/i;

export class ExtConfigError extends Error {}

export function parseExt(raw: unknown): ExtConfig {
  const e = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const tenant = typeof e.tenant === "string" ? e.tenant.trim().toLowerCase() : "";
  if (!SLUG.test(tenant)) throw new ExtConfigError(`ext.json: "tenant" must be the shop's slug, got ${JSON.stringify(e.tenant)}`);
  const apiBase = typeof e.apiBase === "string" ? e.apiBase.trim().replace(/\/+$/, "") : "";
  if (!ORIGIN.test(apiBase)) throw new ExtConfigError(`ext.json: "apiBase" must be an https origin, got ${JSON.stringify(e.apiBase)}`);
  const release = e.release === undefined || e.release === null ? null : Number(e.release);
  if (release !== null && !(Number.isInteger(release) && release >= 0)) throw new ExtConfigError(`ext.json: "release" must be a release number, got ${JSON.stringify(e.release)}`);
  const pages = new Set<string>(Object.values(PAGES));
  const tabs = Array.isArray(e.tabs) && e.tabs.length ? e.tabs.filter((x): x is string => typeof x === "string" && pages.has(x)) : DEFAULT_TABS;
  const landingTab = typeof e.landingTab === "string" && SLUG.test(e.landingTab) ? e.landingTab : null;
  return { tenant, apiBase, release, tabs, landingTab };
}

export function readExt(wx: WxLike): ExtConfig {
  if (!wx.getExtConfigSync) throw new ExtConfigError("ext.json: this base library has no getExtConfigSync");
  return parseExt(wx.getExtConfigSync());
}
