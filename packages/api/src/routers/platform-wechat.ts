import { z } from "zod";
import { AppError } from "../../../core/src/errors";
import { chooseTemplate, getComponent } from "../../../db/src/queries/miniprogram-publishing";
import { wechatEnv } from "../../../server/src/wechat-open";
import { platformProcedure, router } from "../trpc";

/**
 * The operator's view of the WeChat third-party platform (/platform/wechat):
 * which variables are set, the ticket, the token's expiry (never the token),
 * the chosen template. The template library itself is read from WeChat by the
 * page (it needs the network, outside this transaction).
 */
export const platformWechatRouter = router({
  status: platformProcedure.query(async ({ ctx }) => {
    const env = wechatEnv();
    const row = env.configured ? await getComponent(ctx.tx, env.config.appid) : null;
    return {
      set: env.set,
      missing: env.missing,
      invalid: env.invalid,
      configured: env.configured,
      appid: env.configured ? env.config.appid : null,
      apiBase: env.configured ? env.config.apiBase : null,
      ticketAt: row?.ticketAt ?? null,
      tokenExpiresAt: row?.tokenExpiresAt ?? null,
      template: row?.templateId ? { templateId: row.templateId, version: row.templateVersion ?? "", desc: row.templateDesc ?? "" } : null,
    };
  }),
  chooseTemplate: platformProcedure
    .input(z.object({ templateId: z.string().regex(/^\d{1,12}$/, { error: "invalid" }), version: z.string().max(64), desc: z.string().max(200) }))
    .mutation(async ({ ctx, input }) => {
      const env = wechatEnv();
      if (!env.configured) throw new AppError("CONFLICT", "wechat.notConfigured", { names: env.missing.join(", ") });
      await chooseTemplate(ctx.tx, env.config.appid, { templateId: input.templateId, version: input.version, desc: input.desc });
      console.log(`[wechat] ${ctx.user.email} chose template ${input.templateId} (${input.version})`);
      return { ok: true as const };
    }),
});
