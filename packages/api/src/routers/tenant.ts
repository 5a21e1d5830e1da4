import { z } from "zod";
import { recentAudit, tenantOverview } from "../../../db/src/queries/overview";
import { updateTenantSettings } from "../../../db/src/queries/tenants";
import { verifyTenantDomain } from "../../../db/src/queries/domains";
import { AppError } from "../../../core/src/errors";
import { tenantSettingsInput } from "../../../tenancy/src/schemas";
import { router, storefrontWriteWith, tenantProcedure } from "../trpc";

export const tenantRouter = router({
  current: tenantProcedure.query(({ ctx }) => ({ tenant: ctx.tenant, role: ctx.role, via: ctx.via })),
  overview: tenantProcedure.query(({ ctx }) => tenantOverview(ctx.tx, ctx.tenant.id)),
  updateSettings: storefrontWriteWith("settings.update")
    .input(tenantSettingsInput)
    .mutation(({ ctx, input }) => updateTenantSettings(ctx.tx, ctx.tenant.id, ctx.user.id, input)),
  /** The settings page's "Verify": the claimed custom domain serves once it publishes its token. */
  verifyDomain: storefrontWriteWith("settings.update").mutation(({ ctx }) => {
    if (!ctx.domainCheck) throw new AppError("BAD_REQUEST", "domainVerify.unavailable");
    return verifyTenantDomain(ctx.tx, ctx.tenant.id, ctx.user.id, ctx.domainCheck);
  }),
  auditLog: tenantProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).optional())
    .query(({ ctx, input }) => recentAudit(ctx.tx, ctx.tenant.id, input?.limit ?? 50)),
});
