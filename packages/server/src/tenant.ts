import { cookies } from "next/headers";
import { isUuid } from "../../core/src/errors";

/** Which tenant the console acts in: a cookie, validated against the user's access on every request. */
export const ACTIVE_TENANT_COOKIE = "fx_tenant";

export async function getActiveTenantId(): Promise<string | null> {
  const v = (await cookies()).get(ACTIVE_TENANT_COOKIE)?.value;
  return isUuid(v) ? v : null;
}
