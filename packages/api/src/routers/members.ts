import { z } from "zod";
import { changeMemberRole, inviteMember, listInvitations, listMembers, removeMember, revokeInvitation } from "../../../db/src/queries/members";
import { listPiiAccess } from "../../../db/src/queries/pii";
import { changeRoleInput, inviteInput, removeMemberInput } from "../../../tenancy/src/schemas";
import { router, tenantProcedure, tenantProcedureWith } from "../trpc";

const manage = tenantProcedureWith("members.manage");

export const membersRouter = router({
  list: tenantProcedure.query(async ({ ctx }) => ({
    members: await listMembers(ctx.tx, ctx.tenant.id),
    invitations: await listInvitations(ctx.tx, ctx.tenant.id),
  })),
  invite: manage.input(inviteInput).mutation(({ ctx, input }) => inviteMember(ctx.tx, ctx.tenant.id, { userId: ctx.user.id, role: ctx.role }, input)),
  revoke: manage.input(z.object({ id: z.uuid({ error: "notFound" }) })).mutation(({ ctx, input }) => revokeInvitation(ctx.tx, ctx.tenant.id, ctx.user.id, input.id)),
  changeRole: manage.input(changeRoleInput).mutation(({ ctx, input }) => changeMemberRole(ctx.tx, ctx.tenant.id, { userId: ctx.user.id, role: ctx.role }, input)),
  /** Who read shoppers' personal data unmasked, whose and where (owner and admin). */
  piiAccess: manage.query(({ ctx }) => listPiiAccess(ctx.tx, ctx.tenant.id, 50)),
  remove: manage.input(removeMemberInput).mutation(({ ctx, input }) => removeMember(ctx.tx, ctx.tenant.id, { userId: ctx.user.id, role: ctx.role }, input)),
});
