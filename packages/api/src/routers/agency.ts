import { z } from "zod";
import { agencyTenants } from "../../../db/src/queries/agency";
import { cloneTenant, getTenant } from "../../../db/src/queries/tenants";
import { createTenant, linkOrganization } from "./_tenant-create";
import { createTenantInput, slugSchema, tenantNameSchema } from "../../../tenancy/src/schemas";
import { agencyProcedure, router } from "../trpc";
import { AppError } from "../../../core/src/errors";

export const agencyRouter = router({
  overview: agencyProcedure.query(async ({ ctx }) => ({ agency: ctx.agency, tenants: await agencyTenants(ctx.tx, ctx.user.id, ctx.agency.id) })),
  createTenant: agencyProcedure
    .input(createTenantInput)
    .mutation(({ ctx, input }) => createTenant(ctx, input, ctx.agency.id)),
  cloneTenant: agencyProcedure
    .input(z.object({ sourceId: z.uuid({ error: "notFound" }), name: tenantNameSchema, slug: slugSchema }))
    .mutation(async ({ ctx, input }) => {
      // Only the agency's own tenants can be cloned (RLS already hides other tenants' rows).
      const source = await getTenant(ctx.tx, input.sourceId);
      if (!source || source.agencyId !== ctx.agency.id) throw new AppError("NOT_FOUND", "notFound");
      const clone = await cloneTenant(ctx.tx, ctx.user.id, input.sourceId, input);
      ctx.afterCommit(async () => ctx.storefrontChanged?.(clone.id));
      return linkOrganization(ctx, clone, input.name);
    }),
});
