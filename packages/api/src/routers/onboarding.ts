import { myTenants } from "../../../db/src/queries/tenants";
import { createTenant } from "./_tenant-create";
import { loadTemplates } from "../../../templates/src";
import { createTenantInput } from "../../../tenancy/src/schemas";
import { authedProcedure, publicProcedure, router } from "../trpc";

export const onboardingRouter = router({
  templates: publicProcedure.query(() =>
    [...loadTemplates().values()].map((t) => ({ key: t.key, name: t.name, description: t.description, theme: t.theme, products: t.products.length })),
  ),
  myTenants: authedProcedure.query(({ ctx }) => myTenants(ctx.tx, ctx.user.id)),
  createTenant: authedProcedure.input(createTenantInput).mutation(({ ctx, input }) => createTenant(ctx, input)),
});
