import { z } from "zod";
import { withContext } from "../../../db/src/context";
import { acceptInvitation, invitationByToken } from "../../../db/src/queries/members";
import { AppError } from "../../../core/src/errors";
import { authedProcedure, publicProcedure, router } from "../trpc";

const token = z.object({ token: z.string().min(8).max(100) });

export const invitationsRouter = router({
  preview: publicProcedure.input(token).query(async ({ ctx, input }) => {
    const inv = await withContext(ctx.db, {}, (tx) => invitationByToken(tx, input.token));
    if (!inv || inv.status !== "pending") throw new AppError("NOT_FOUND", "invitation.invalid");
    return { tenantName: inv.tenantName, role: inv.role, email: inv.email };
  }),
  // The invitee is not yet a member: the query switches the transaction to the invitation's tenant.
  accept: authedProcedure.input(token).mutation(({ ctx, input }) => acceptInvitation(ctx.tx, ctx.user.id, input.token)),
});
