import { z } from "zod";
import { withContext } from "../../../db/src/context";
import { acceptInvitation, invitationByToken, invitationProblem } from "../../../db/src/queries/members";
import { AppError } from "../../../core/src/errors";
import { authedProcedure, publicProcedure, router } from "../trpc";

const token = z.object({ token: z.string().min(8).max(100) });

export const invitationsRouter = router({
  preview: publicProcedure.input(token).query(async ({ ctx, input }) => {
    const inv = await withContext(ctx.db, {}, (tx) => invitationByToken(tx, input.token));
    const problem = invitationProblem(inv, new Date());
    if (problem) throw new AppError(problem === "invitation.expired" ? "BAD_REQUEST" : "NOT_FOUND", problem);
    return { tenantName: inv!.tenantName, role: inv!.role, email: inv!.email };
  }),
  // The invitee is not yet a member: the query switches the transaction to the invitation's tenant.
  // ctx.user.email is a verified address (Clerk users are linked and mirrored through verified emails only).
  accept: authedProcedure.input(token).mutation(({ ctx, input }) => acceptInvitation(ctx.tx, { id: ctx.user.id, email: ctx.user.email }, input.token)),
});
