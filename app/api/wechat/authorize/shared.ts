import { NextResponse } from "next/server";
import { api, resolveActiveTenant } from "@/packages/server/src/api";

/** The origin the browser used (WeChat sends the merchant back there). */
export function publicOrigin(req: Request): string {
  const u = new URL(req.url);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host") ?? u.host;
  const proto = req.headers.get("x-forwarded-proto") ?? u.protocol.replace(":", "");
  return `${proto}://${host}`;
}

/** Back to the console page with a result it shows (an i18n key, or the app's name). */
export function consoleBack(req: Request, params: Record<string, string>) {
  const u = new URL("/console/miniprogram", publicOrigin(req));
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return NextResponse.redirect(u, 303);
}

/** The console's shop when the signed-in user may authorize for it (settings.update), else null. */
export async function authorizingTenant(): Promise<string | null> {
  try {
    const tenantId = await resolveActiveTenant();
    if (!tenantId) return null;
    const s = await (await api()).miniprogram.status();
    return s.canWrite ? tenantId : null;
  } catch {
    return null;
  }
}

/**
 * The authorization's one-time state (OAuth `state`): a random value in an HttpOnly cookie of this browser and in
 * the redirect_uri WeChat sends the merchant back to. A callback link made elsewhere (an attacker's own auth_code
 * with a victim shop's id) has no matching cookie and binds nothing.
 */
export const AUTH_STATE_COOKIE = "fx_wx_auth_state";
export const AUTH_STATE_PATH = "/api/wechat/authorize";
