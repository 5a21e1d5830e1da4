import { z } from "zod";
import { listAllTenants } from "../../../db/src/queries/overview";
import { outboxFailures, recentJobRuns, retryOutboxEvent } from "../../../db/src/queries/operations";
import { platformProcedure, router } from "../trpc";

export const platformRouter = router({
  tenants: platformProcedure.query(({ ctx }) => listAllTenants(ctx.tx)),
  /** Each scheduled job's latest runs (done, failed with its error, running). */
  jobRuns: platformProcedure.query(({ ctx }) => recentJobRuns(ctx.tx, 100)),
  /** Outbox events that failed: waiting for their next try, or parked after too many. */
  outbox: platformProcedure.query(({ ctx }) => outboxFailures(ctx.tx, 100)),
  /** After a fix: the event is tried again at the next drain (the minute job). */
  retryOutbox: platformProcedure
    .input(z.object({ tenantId: z.uuid({ error: "invalid" }), seq: z.number().int().positive({ error: "invalid" }) }))
    .mutation(async ({ ctx, input }) => {
      const retried = await retryOutboxEvent(ctx.tx, input.tenantId, input.seq);
      console.log(`[outbox] ${ctx.user.email} sent event ${input.tenantId}/${input.seq} back to the queue: ${retried}`);
      return { retried };
    }),
});
