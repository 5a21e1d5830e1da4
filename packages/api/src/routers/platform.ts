import { asc } from "drizzle-orm";
import { tenants } from "../../../db/src/schema";
import { platformProcedure, router } from "../trpc";

export const platformRouter = router({
  // The tenants_read policy lets a platform operator list every tenant (registry only, no tenant data).
  tenants: platformProcedure.query(({ ctx }) =>
    ctx.tx
      .select({ id: tenants.id, slug: tenants.slug, name: tenants.name, plan: tenants.plan, status: tenants.status, agencyId: tenants.agencyId, createdAt: tenants.createdAt })
      .from(tenants)
      .orderBy(asc(tenants.createdAt)),
  ),
});
