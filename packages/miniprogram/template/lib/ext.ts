import type { WxLike } from "./wx";

/**
 * What one tenant's package says about itself (ext.json's `ext`, written per
 * tenant by the packaging code; the template is the same for every tenant).
 */
export type ExtConfig = { tenant: string; apiBase: string; release: number | null };

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
  return { tenant, apiBase, release };
}

export function readExt(wx: WxLike): ExtConfig {
  if (!wx.getExtConfigSync) throw new ExtConfigError("ext.json: this base library has no getExtConfigSync");
  return parseExt(wx.getExtConfigSync());
}
