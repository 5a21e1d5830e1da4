import { and, asc, eq, sql } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import { AppError } from "../../../core/src/errors";
import { assertKeepsOwner, canAssign, type Role } from "../../../tenancy/src/roles";
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

/** How long an invitation link stays valid. */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** The secret of an invitation link: shown once to the inviter, stored only as its hash. */
export const newInvitationToken = () => randomBytes(24).toString("base64url");
/** SHA-256 hex, the same digest app_private.invitation_by_token() computes. */
export const hashInvitationToken = (token: string) => createHash("sha256").update(token, "utf8").digest("hex");

/** Pending invitations, without anything that could be used as the link (any member may list them). */
export async function listInvitations(tx: Tx, tenantId: string, now = new Date()) {
  const rows = await tx
    .select({ id: invitations.id, tenantId: invitations.tenantId, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.status, "pending")))
    .orderBy(asc(invitations.createdAt));
  return rows.map((r) => ({ ...r, expired: r.expiresAt.getTime() <= now.getTime() }));
}

export async function inviteMember(tx: Tx, tenantId: string, actor: { userId: string; role: Role }, input: { email: string; role: Role }) {
  if (!canAssign(actor.role, null, input.role)) throw new AppError("FORBIDDEN", "forbiddenRole", {}, "role");
  const [already] = await tx
    .select({ id: users.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.tenantId, tenantId), sql`lower(${users.email}) = ${input.email.toLowerCase()}`));
  if (already) throw new AppError("CONFLICT", "member.already", { email: input.email }, "email");
  // An expired invitation still holds the pending-email slot: retire it so the address can be invited again.
  await tx
    .update(invitations)
    .set({ status: "revoked" })
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.status, "pending"), sql`lower(${invitations.email}) = ${input.email.toLowerCase()}`, sql`${invitations.expiresAt} <= now()`));
  const token = newInvitationToken();
  try {
    const [row] = await tx
      .insert(invitations)
      .values({ tenantId, email: input.email, role: input.role, tokenHash: hashInvitationToken(token), invitedBy: actor.userId, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) })
      .returning({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt });
    await writeAudit(tx, { tenantId, actorUserId: actor.userId, action: "member.invite", target: `invitation:${row!.id}`, after: { email: input.email, role: input.role } });
    // The only time the token leaves the server: the inviter's own response.
    return { ...row!, token };
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

export type InvitationPreview = { tenantId: string; id: string; email: string; role: Role; status: string; expiresAt: Date; tenantName: string };

export async function invitationByToken(tx: Tx, token: string): Promise<InvitationPreview | null> {
  const [r] = rowsOf<{ tenant_id: string; id: string; email: string; role: Role; status: string; expires_at: Date | string; tenant_name: string }>(
    await tx.execute(sql`select * from app_private.invitation_by_token(${token})`),
  );
  return r ? { tenantId: r.tenant_id, id: r.id, email: r.email, role: r.role, status: r.status, expiresAt: new Date(r.expires_at), tenantName: r.tenant_name } : null;
}

/** Why an invitation cannot be used now, or null when it can (pure: the caller passes the clock). */
export function invitationProblem(inv: Pick<InvitationPreview, "status" | "expiresAt"> | null, now: Date): "invitation.invalid" | "invitation.expired" | null {
  if (!inv || inv.status !== "pending") return "invitation.invalid";
  if (inv.expiresAt.getTime() <= now.getTime()) return "invitation.expired";
  return null;
}

const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The invitee follows the link and joins with the invited role. Only the
 * person invited may: the signed-in user's (verified) email must be the
 * invitation's. An existing member is refused: an invitation never changes a
 * role. The invitation row is locked and consumed by a conditional update, so
 * two concurrent accepts make one membership.
 */
export async function acceptInvitation(tx: Tx, user: { id: string; email: string }, token: string, now = new Date()) {
  const found = await invitationByToken(tx, token);
  const early = invitationProblem(found, now);
  if (early === "invitation.invalid") throw new AppError("NOT_FOUND", early);
  const inv = found!;
  if (!sameEmail(user.email, inv.email)) throw new AppError("FORBIDDEN", "invitation.wrongEmail", { email: inv.email });
  await setContext(tx, { tenantId: inv.tenantId, userId: user.id });
  const [locked] = await tx
    .select({ status: invitations.status, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(and(eq(invitations.tenantId, inv.tenantId), eq(invitations.id, inv.id)))
    .for("update");
  const problem = invitationProblem(locked ?? null, now);
  if (problem) throw new AppError(problem === "invitation.expired" ? "BAD_REQUEST" : "NOT_FOUND", problem);
  const [existing] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.tenantId, inv.tenantId), eq(memberships.userId, user.id)));
  if (existing) throw new AppError("CONFLICT", "invitation.alreadyMember");
  const [consumed] = await tx
    .update(invitations)
    // The transaction's own time: the membership policy admits the invitee of an invitation accepted in this transaction (drizzle/0024).
    .set({ status: "accepted", acceptedBy: user.id, acceptedAt: sql`now()` })
    .where(and(eq(invitations.tenantId, inv.tenantId), eq(invitations.id, inv.id), eq(invitations.status, "pending")))
    .returning({ id: invitations.id });
  if (!consumed) throw new AppError("NOT_FOUND", "invitation.invalid");
  const added = await tx.insert(memberships).values({ tenantId: inv.tenantId, userId: user.id, role: inv.role }).onConflictDoNothing().returning({ role: memberships.role });
  if (added.length === 0) throw new AppError("CONFLICT", "invitation.alreadyMember");
  await writeAudit(tx, { tenantId: inv.tenantId, actorUserId: user.id, action: "member.join", target: `user:${user.id}`, before: null, after: { role: inv.role } });
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
