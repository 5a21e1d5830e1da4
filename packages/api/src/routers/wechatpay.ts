import { clearWechatPay, saveWechatPay, wechatPayInput, wechatPayStatus } from "../../../server/src/wechatpay-merchants";
import { router, tenantProcedure, tenantProcedureWith } from "../trpc";

/**
 * The active tenant's WeChat Pay merchant (console → settings → payments).
 * The status names the mode, mchid, appid and certificate serial; keys are
 * write-only (saved encrypted, never returned). Owner and admin only.
 */
export const wechatpayRouter = router({
  status: tenantProcedure.query(({ ctx }) => wechatPayStatus(ctx.tx, ctx.tenant.id, ctx.wechatPay?.env ?? process.env)),
  save: tenantProcedureWith("settings.update")
    .input(wechatPayInput)
    .mutation(async ({ ctx, input }) => {
      await saveWechatPay(ctx.tx, ctx.tenant.id, ctx.user.id, input);
      return wechatPayStatus(ctx.tx, ctx.tenant.id, ctx.wechatPay?.env ?? process.env);
    }),
  clear: tenantProcedureWith("settings.update").mutation(async ({ ctx }) => {
    await clearWechatPay(ctx.tx, ctx.tenant.id);
    return wechatPayStatus(ctx.tx, ctx.tenant.id, ctx.wechatPay?.env ?? process.env);
  }),
});
