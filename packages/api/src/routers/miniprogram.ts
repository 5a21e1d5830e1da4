import { z } from "zod";
import { AppError } from "../../../core/src/errors";
import { teamBonusActive } from "../../../commission/src/config";
import { getProgramme, saveProgramme } from "../../../db/src/queries/distribution-settings";
import {
  createSubmission,
  getAuthorization,
  getSubmission,
  listSubmissions,
  openSubmission,
  platformStatus,
  recentReleases,
  releaseForPackage,
  releasedSubmission,
} from "../../../db/src/queries/miniprogram-publishing";
import type { Tx } from "../../../db/src/client";
import { readTheme } from "../../../theme/src";
import { can } from "../../../tenancy/src/roles";
import { buildExtJson, userVersionOf, type ExtJson } from "../../../miniprogram/package/ext";
import { isOwnOrigin } from "../../../server/src/host";
import { pollAudit, releaseSubmission, revertRelease, runSubmission, wechatEnv, type WechatEnvState } from "../../../server/src/wechat-open";
import { router, tenantProcedure, tenantProcedureWith, type TenantCtx } from "../trpc";

/**
 * The shop's WeChat mini-program (console /console/miniprogram, owner or
 * admin: settings.update). WeChat calls run after the procedure's transaction
 * commits (ctx.afterCommit), each step recording itself on the submission, so
 * the request never holds a transaction across the network.
 */
const write = tenantProcedureWith("settings.update");

const origin = z.url({ protocol: /^https?$/, error: "invalid" }).refine((o) => isOwnOrigin(new URL(o), []), { error: "invalid" });

/** Why submitting is impossible now (an i18n key with params), or null. */
type Blocker = { key: string; params?: Record<string, string> } | null;

function envBlocker(env: WechatEnvState): Blocker {
  if (env.configured) return null;
  return { key: "wechat.notConfigured", params: { names: [...env.missing, ...env.invalid.map((i) => i.name)].join(", ") } };
}

export async function packageExt(tx: Tx, tenant: TenantCtx["tenant"], version: number, apiOrigin: string): Promise<ExtJson> {
  const r = await releaseForPackage(tx, tenant.id, version);
  if (!r) throw new AppError("NOT_FOUND", "wechat.noRelease", { version });
  const auth = await getAuthorization(tx, tenant.id);
  return buildExtJson({
    appid: auth?.status === "authorized" ? auth.authorizerAppid : "",
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
    apiBase: new URL(apiOrigin).origin,
    release: { version: r.version, theme: readTheme(r.content.theme) },
  });
}

export const miniprogramRouter = router({
  status: tenantProcedure.query(async ({ ctx }) => {
    const env = wechatEnv();
    const tenantId = ctx.tenant.id;
    const auth = await getAuthorization(ctx.tx, tenantId);
    const [releases, submissions, live, programme] = [
      await recentReleases(ctx.tx, tenantId),
      await listSubmissions(ctx.tx, tenantId),
      // What is live in WeChat stays live after the authorization was revoked (only managing it needs one).
      auth ? await releasedSubmission(ctx.tx, tenantId, auth.authorizerAppid) : null,
      await getProgramme(ctx.tx, tenantId),
    ];
    const platform = env.configured ? await platformStatus(ctx.tx, env.config.appid) : { templateId: null, templateVersion: null, ticketAt: null };
    const blocker: Blocker =
      envBlocker(env) ??
      (!platform.ticketAt ? { key: "wechat.noTicket" } : null) ??
      (!platform.templateId ? { key: "wechat.noTemplate" } : null) ??
      (auth?.status !== "authorized" ? { key: "wechat.notAuthorized" } : null);
    return {
      env: { configured: env.configured, missing: env.missing, invalid: env.invalid.map((i) => i.name) },
      platform,
      authorization: auth && { appid: auth.authorizerAppid, nickName: auth.nickName, principalName: auth.principalName, status: auth.status, authorizedAt: auth.authorizedAt, revokedAt: auth.revokedAt },
      releases,
      // The call log is shown (tokens were redacted when it was written); the ext json is in the package.
      submissions: submissions.map(({ extJson: _ext, ...s }) => s),
      liveVersion: live ? { releaseVersion: live.releaseVersion, userVersion: live.userVersion } : null,
      canWrite: can(ctx.role, "settings.update"),
      blocker,
      /** Team pay on without review-safe mode: WeChat's review reads it as a pyramid sign (§4.6, the compliance panel). */
      needsReviewSafe: teamBonusActive(programme.programme),
    };
  }),

  /** The ext.json of a release's package (the zip route adds the template files). */
  packageExt: write.input(z.object({ version: z.number().int().positive({ error: "invalid" }), origin })).query(({ ctx, input }) => packageExt(ctx.tx, ctx.tenant, input.version, input.origin)),

  submit: write
    .input(z.object({ version: z.number().int().positive({ error: "invalid" }), origin, autoRelease: z.boolean().default(false), turnOnReviewSafe: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const env = wechatEnv();
      const blocked = envBlocker(env);
      if (blocked || !env.configured) throw new AppError("CONFLICT", blocked!.key, blocked!.params);
      const tenantId = ctx.tenant.id;
      const auth = await getAuthorization(ctx.tx, tenantId);
      if (auth?.status !== "authorized") throw new AppError("CONFLICT", "wechat.notAuthorized");
      const platform = await platformStatus(ctx.tx, env.config.appid);
      if (!platform.templateId) throw new AppError("CONFLICT", "wechat.noTemplate");
      const { programme } = await getProgramme(ctx.tx, tenantId);
      if (teamBonusActive(programme)) {
        if (!input.turnOnReviewSafe) throw new AppError("CONFLICT", "wechat.reviewSafeRequired");
        await saveProgramme(ctx.tx, tenantId, ctx.user.id, { ...programme, reviewSafeMode: true });
      }
      if (await openSubmission(ctx.tx, tenantId)) throw new AppError("CONFLICT", "wechat.alreadyAuditing");
      const extJson = await packageExt(ctx.tx, ctx.tenant, input.version, input.origin);
      const s = await createSubmission(ctx.tx, tenantId, {
        releaseVersion: input.version,
        authorizerAppid: auth.authorizerAppid,
        templateId: platform.templateId,
        userVersion: userVersionOf(input.version),
        extJson: extJson as unknown as Record<string, unknown>,
        autoRelease: input.autoRelease,
        createdBy: ctx.user.id,
      });
      const config = env.config;
      ctx.afterCommit((db) => runSubmission(db, config, tenantId, s.id));
      return { id: s.id };
    }),

  release: write.input(z.object({ id: z.uuid({ error: "invalid" }) })).mutation(async ({ ctx, input }) => {
    const env = wechatEnv();
    if (!env.configured) throw new AppError("CONFLICT", envBlocker(env)!.key, envBlocker(env)!.params);
    const s = await getSubmission(ctx.tx, ctx.tenant.id, input.id);
    if (!s) throw new AppError("NOT_FOUND", "notFound");
    if (s.status !== "passed") throw new AppError("CONFLICT", "wechat.notPassed");
    const tenantId = ctx.tenant.id;
    ctx.afterCommit((db) => releaseSubmission(db, env.config, tenantId, input.id));
    return { ok: true as const };
  }),

  revert: write.mutation(async ({ ctx }) => {
    const env = wechatEnv();
    if (!env.configured) throw new AppError("CONFLICT", envBlocker(env)!.key, envBlocker(env)!.params);
    const auth = await getAuthorization(ctx.tx, ctx.tenant.id);
    if (auth?.status !== "authorized") throw new AppError("CONFLICT", "wechat.notAuthorized");
    if (!(await releasedSubmission(ctx.tx, ctx.tenant.id, auth.authorizerAppid))) throw new AppError("CONFLICT", "wechat.nothingReleased");
    const tenantId = ctx.tenant.id;
    ctx.afterCommit((db) => revertRelease(db, env.config, tenantId));
    return { ok: true as const };
  }),

  /** Asks WeChat for the review's state now (the pushes normally bring it). */
  refreshAudit: write.input(z.object({ id: z.uuid({ error: "invalid" }) })).mutation(async ({ ctx, input }) => {
    const env = wechatEnv();
    if (!env.configured) throw new AppError("CONFLICT", envBlocker(env)!.key, envBlocker(env)!.params);
    const tenantId = ctx.tenant.id;
    ctx.afterCommit((db) => pollAudit(db, env.config, tenantId, input.id));
    return { ok: true as const };
  }),
});
