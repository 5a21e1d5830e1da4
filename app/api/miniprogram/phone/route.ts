import { AppError } from "@/packages/core/src/errors";
import { miniprogramPhoneInput, saveShopperPhone, shopperForBearer } from "@/packages/server/src/miniprogram-session";
import { miniprogramJson } from "@/packages/server/src/miniprogram-http";
import { getDb } from "@/packages/server/src/db";
import { sessionSecret } from "@/packages/server/src/secret";
import { miniprogramRuntime } from "@/packages/server/src/wechat-mp";

export const dynamic = "force-dynamic";

/** getPhoneNumber (button open-type="getPhoneNumber"): `{ code }` with the bearer token → `{ phone }`, saved for the shopper. */
export async function POST(req: Request) {
  return miniprogramJson(req, miniprogramPhoneInput, async (input) => {
    const db = await getDb();
    const shopper = await shopperForBearer(db, sessionSecret(), req.headers.get("authorization"));
    if (!shopper || shopper === "refused") throw new AppError("UNAUTHORIZED", shopper ? "miniprogram.tokenInvalid" : "unauthorized");
    return saveShopperPhone(db, miniprogramRuntime(), shopper, input);
  });
}
