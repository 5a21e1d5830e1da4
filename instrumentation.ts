/**
 * Next.js calls this once per server process (Node runtime only): start the
 * scheduled jobs, and plug the WeChat third-party platform's token cache
 * (packages/server/src/wechat-open) into the mini-program's shopper sign-in
 * and share codes (packages/server/src/wechat-mp.ts) when it is configured.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startOrderSweep } = await import("./packages/server/src/jobs");
  startOrderSweep();
  const [{ wechatEnv }, { wechatTokenSource, authorizedAppId }, { registerWechatTokens, registerAuthorizedAppId }, { getDb }] = await Promise.all([
    import("./packages/server/src/wechat-open/env"),
    import("./packages/server/src/wechat-open/tokens"),
    import("./packages/server/src/wechat-mp"),
    import("./packages/server/src/db"),
  ]);
  const env = wechatEnv();
  if (!env.configured) return;
  // The embedded database serves one transaction at a time, and a share code asks for a token from inside the shop
  // API's transaction: a cold token fetch there would wait on itself. PostgreSQL only, until that call moves out.
  if (!process.env.DATABASE_URL) {
    console.warn("[wechat] mini-program sign-in and share codes need PostgreSQL (DATABASE_URL); on the embedded database the H5 QR is used");
    return;
  }
  registerAuthorizedAppId(authorizedAppId);
  registerWechatTokens(wechatTokenSource(await getDb(), env.config));
}
