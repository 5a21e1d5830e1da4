import { listAllTenants } from "../../../db/src/queries/overview";
import { platformProcedure, router } from "../trpc";

export const platformRouter = router({
  tenants: platformProcedure.query(({ ctx }) => listAllTenants(ctx.tx)),
});
