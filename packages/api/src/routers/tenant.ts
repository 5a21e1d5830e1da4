import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import { auditLog, distributors } from "../../../db/src/schema";
import { catalogCounts } from "../../../db/src/queries/catalog";
import { listMembers } from "../../../db/src/queries/members";
import { updateTenantSettings } from "../../../db/src/queries/tenants";
import { tenantSettingsInput } from "../../../tenancy/src/schemas";
import { router, tenantProcedure, tenantProcedureWith } from "../trpc";

export const tenantRouter = router({
  current: tenantProcedure.query(({ ctx }) => ({ tenant: ctx.tenant, role: ctx.role, via: ctx.via })),

  overview: tenantProcedure.query(async ({ ctx }) => {
    const counts = await catalogCounts(ctx.tx, ctx.tenant.id);
    const members = (await listMembers(ctx.tx, ctx.tenant.id)).length;
    const dist = await ctx.tx.$count(distributors, eq(distributors.tenantId, ctx.tenant.id));
    const activity = await ctx.tx
      .select({ id: auditLog.id, action: auditLog.action, target: auditLog.target, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(eq(auditLog.tenantId, ctx.tenant.id))
      .orderBy(desc(auditLog.createdAt))
      .limit(10);
    return { ...counts, members, distributors: dist, activity };
  }),

  updateSettings: tenantProcedureWith("settings.update")
    .input(tenantSettingsInput)
    .mutation(({ ctx, input }) => updateTenantSettings(ctx.tx, ctx.tenant.id, ctx.user.id, input)),

  auditLog: tenantProcedure.input(z.object({ limit: z.number().int().min(1).max(200).default(50) }).optional()).query(({ ctx, input }) =>
    ctx.tx.select().from(auditLog).where(eq(auditLog.tenantId, ctx.tenant.id)).orderBy(desc(auditLog.createdAt)).limit(input?.limit ?? 50),
  ),
});
