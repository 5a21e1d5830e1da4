import { miniprogramSessionInput, startMiniprogramSession } from "@/packages/server/src/miniprogram-session";
import { clientOf, miniprogramJson } from "@/packages/server/src/miniprogram-http";
import { getDb } from "@/packages/server/src/db";
import { sessionSecret } from "@/packages/server/src/secret";
import { miniprogramRuntime } from "@/packages/server/src/wechat-mp";

export const dynamic = "force-dynamic";

/**
 * The mini-program's sign-in: `{ code, tenant }` (wx.login's code, the shop's
 * slug) → `{ token, expiresAt, user, shop }`. The token goes in
 * `Authorization: Bearer` on /api/trpc (shop procedures of that shop only).
 */
export async function POST(req: Request) {
  return miniprogramJson(req, miniprogramSessionInput, async (input) =>
    startMiniprogramSession(await getDb(), miniprogramRuntime(), sessionSecret(), input, clientOf(req)),
  );
}
