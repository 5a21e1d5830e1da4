import { and, asc, eq, sql } from "drizzle-orm";
import { randomBytes } from "node:crypto";
import { AppError } from "../../../core/src/errors";
import { ROLE_RANK, assertKeepsOwner, canAssign, type Role } from "../../../tenancy/src/roles";
import { rowsOf, type Tx } from "../client";
import { setContext } from "../context";
import { invitations, memberships, users } from "../schema";
import { writeAudit } from "./audit";
import { isUniqueViolation } from "./tenants";

/** Members of the current tenant with their names (users_same_tenant policy). */
export function listMembers(tx: Tx, tenantId: string) {
  return tx
    .select({ userId: memberships.userId, role: memberships.role, name: users.name, email: users.email, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.tenantId, tenantId))
    .orderBy(asc(memberships.createdAt));
}

export function listInvitations(tx: Tx, tenantId: string) {
  return tx
    .select()
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.status, "pending")))
    .orderBy(asc(invitations.createdAt));
}

export async function inviteMember(tx: Tx, tenantId: string, actor: { userId: string; role: Role }, input: { email: string; role: Role }) {
  if (!canAssign(actor.role, null, input.role)) throw new AppError("FORBIDDEN", "forbiddenRole", {}, "role");
  const [already] = await tx
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), sql`lower(${users.email}) = ${input.email.toLowerCase()}`));
  if (already) throw new AppError("CONFLICT", "member.already", { email: input.email }, "email");
  const token = randomBytes(18).toString("base64url");
  try {
    const [row] = await tx
      .insert(invitations)
      .values({ tenantId, email: input.email, role: input.role, token, invitedBy: actor.userId })
      .returning();
    await writeAudit(tx, { tenantId, actorUserId: actor.userId, action: "member.invite", target: `invitation:${row!.id}`, after: { email: input.email, role: input.role } });
    return row!;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "member.invitedTwice", { email: input.email }, "email");
    throw e;
  }
}

export async function revokeInvitation(tx: Tx, tenantId: string, actorUserId: string, id: string) {
  const [row] = await tx
    .update(invitations)
    .set({ status: "revoked" })
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, id), eq(invitations.status, "pending")))
    .returning();
  if (!row) throw new AppError("NOT_FOUND", "notFound");
  await writeAudit(tx, { tenantId, actorUserId, action: "member.revokeInvitation", target: `invitation:${id}`, before: { email: row.email } });
}

export type InvitationPreview = { tenantId: string; id: string; email: string; role: Role; status: string; tenantName: string };

export async function invitationByToken(tx: Tx, token: string): Promise<InvitationPreview | null> {
  const [r] = rowsOf<{ tenant_id: string; id: string; email: string; role: Role; status: string; tenant_name: string }>(
    await tx.execute(sql`select * from app_private.invitation_by_token(${token})`),
  );
  return r ? { tenantId: r.tenant_id, id: r.id, email: r.email, role: r.role, status: r.status, tenantName: r.tenant_name } : null;
}

/** The invitee follows the link: they join with the invited role, or keep the higher one they already have. */
export async function acceptInvitation(tx: Tx, userId: string, token: string) {
  const inv = await invitationByToken(tx, token);
  if (!inv || inv.status !== "pending") throw new AppError("NOT_FOUND", "invitation.invalid");
  await setContext(tx, { tenantId: inv.tenantId, userId });
  const [existing] = await tx
    .select()
    .from(memberships)
    .where(and(eq(memberships.tenantId, inv.tenantId), eq(memberships.userId, userId)));
  if (!existing) await tx.insert(memberships).values({ tenantId: inv.tenantId, userId, role: inv.role });
  else if (ROLE_RANK[inv.role] > ROLE_RANK[existing.role])
    await tx.update(memberships).set({ role: inv.role }).where(and(eq(memberships.tenantId, inv.tenantId), eq(memberships.userId, userId)));
  await tx
    .update(invitations)
    .set({ status: "accepted", acceptedBy: userId, acceptedAt: new Date() })
    .where(and(eq(invitations.tenantId, inv.tenantId), eq(invitations.id, inv.id)));
  await writeAudit(tx, { tenantId: inv.tenantId, actorUserId: userId, action: "member.join", target: `user:${userId}`, before: existing ? { role: existing.role } : null, after: { role: existing && ROLE_RANK[existing.role] >= ROLE_RANK[inv.role] ? existing.role : inv.role } });
  return { tenantId: inv.tenantId };
}

async function ownerCount(tx: Tx, tenantId: string) {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.role, "owner")));
  return r?.n ?? 0;
}

async function memberRole(tx: Tx, tenantId: string, userId: string): Promise<Role> {
  // FOR UPDATE: two concurrent demotions of the last two owners cannot both pass the owner count.
  await tx.select({ role: memberships.role }).from(memberships).where(eq(memberships.tenantId, tenantId)).for("update");
  const [m] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  if (!m) throw new AppError("NOT_FOUND", "notFound");
  return m.role;
}

export async function changeMemberRole(tx: Tx, tenantId: string, actor: { userId: string; role: Role }, input: { userId: string; role: Role }) {
  const from = await memberRole(tx, tenantId, input.userId);
  if (!canAssign(actor.role, from, input.role)) throw new AppError("FORBIDDEN", "forbiddenRole", {}, "role");
  assertKeepsOwner(from, input.role, await ownerCount(tx, tenantId));
  await tx
    .update(memberships)
    .set({ role: input.role })
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, input.userId)));
  await writeAudit(tx, { tenantId, actorUserId: actor.userId, action: "member.role", target: `user:${input.userId}`, before: { role: from }, after: { role: input.role } });
}

export async function removeMember(tx: Tx, tenantId: string, actor: { userId: string; role: Role }, input: { userId: string }) {
  const from = await memberRole(tx, tenantId, input.userId);
  if (!canAssign(actor.role, from, from)) throw new AppError("FORBIDDEN", "forbiddenRole");
  assertKeepsOwner(from, null, await ownerCount(tx, tenantId));
  await tx.delete(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, input.userId)));
  await writeAudit(tx, { tenantId, actorUserId: actor.userId, action: "member.remove", target: `user:${input.userId}`, before: { role: from } });
}
