import { and, eq } from "drizzle-orm";
import { Webhook } from "svix";
import { type Db } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { writeAudit } from "../../db/src/queries/audit";
import { upsertClerkUser, userIdByClerkId } from "../../db/src/queries/users";
import { memberships, tenants } from "../../db/src/schema";
import type { Role } from "../../tenancy/src/roles";
import { tenantIdFor } from "../../db/src/queries/tenants";
import { WebhookSignatureError } from "./webhook";

type EmailAddress = { id: string; email_address: string; verification?: { status?: string | null } | null };
type ClerkUser = { id: string; email_addresses: EmailAddress[]; primary_email_address_id: string | null; first_name: string | null; last_name: string | null; username?: string | null };
type OrgMembership = {
  role: string;
  organization: { id: string; name: string };
  public_user_data: { user_id: string; identifier: string; first_name: string | null; last_name: string | null };
};
export type ClerkEvent =
  | { type: "user.created" | "user.updated"; data: ClerkUser }
  | { type: "user.deleted"; data: { id?: string; deleted: boolean } }
  | { type: "organization.created" | "organization.updated"; data: { id: string; name: string } }
  | { type: "organizationMembership.created" | "organizationMembership.updated" | "organizationMembership.deleted"; data: OrgMembership }
  | { type: string; data: unknown };

/** Clerk organization roles → tenant roles. Custom roles `org:operator` etc. map by name. */
export function roleFromClerk(role: string): Role {
  const r = role.replace(/^org:/, "");
  if (r === "admin") return "admin";
  if (r === "owner" || r === "operator" || r === "finance" || r === "viewer") return r;
  return "viewer";
}

export { WebhookSignatureError };

/** The user's primary email when Clerk has verified it, else null (never another, possibly unverified, address). */
export function verifiedPrimaryEmail(u: Pick<ClerkUser, "email_addresses" | "primary_email_address_id">): string | null {
  const primary = u.email_addresses.find((e) => e.id === u.primary_email_address_id);
  return primary && primary.verification?.status === "verified" ? primary.email_address : null;
}

/** Verifies the svix signature (default 5-minute tolerance) and returns the event. */
export function verifyClerkWebhook(secret: string, body: string, headers: Headers): ClerkEvent {
  try {
    return new Webhook(secret).verify(body, {
      "svix-id": headers.get("svix-id") ?? "",
      "svix-timestamp": headers.get("svix-timestamp") ?? "",
      "svix-signature": headers.get("svix-signature") ?? "",
    }) as ClerkEvent;
  } catch {
    throw new WebhookSignatureError("invalid signature");
  }
}

const tenantForOrg = (db: Db, orgId: string) => withContext(db, {}, (tx) => tenantIdFor(tx, "clerkOrg", orgId));

/**
 * Mirrors Clerk users and organization memberships. Every branch is an upsert
 * or a delete of a known row, so a replayed event changes nothing.
 * Returns what it did, for logs and tests.
 */
export async function applyClerkEvent(db: Db, evt: ClerkEvent): Promise<string> {
  switch (evt.type) {
    case "user.created":
    case "user.updated": {
      const u = evt.data as ClerkUser;
      const email = verifiedPrimaryEmail(u);
      await upsertClerkUser(db, { clerkUserId: u.id, email, name: [u.first_name, u.last_name].filter(Boolean).join(" ") || u.username || email || u.id });
      return "user synced";
    }
    case "organization.updated": {
      const o = evt.data as { id: string; name: string };
      const tenantId = await tenantForOrg(db, o.id);
      if (!tenantId) return "ignored: unknown organization";
      await withContext(db, { tenantId }, (tx) => tx.update(tenants).set({ name: o.name, updatedAt: new Date() }).where(eq(tenants.id, tenantId)));
      return "tenant renamed";
    }
    case "organizationMembership.created":
    case "organizationMembership.updated":
    case "organizationMembership.deleted": {
      const m = evt.data as OrgMembership;
      const tenantId = await tenantForOrg(db, m.organization.id);
      if (!tenantId) return "ignored: unknown organization";
      let userId = await withContext(db, {}, (tx) => userIdByClerkId(tx, m.public_user_data.user_id));
      if (!userId) {
        if (evt.type === "organizationMembership.deleted") return "ignored: unknown user";
        const name = [m.public_user_data.first_name, m.public_user_data.last_name].filter(Boolean).join(" ") || m.public_user_data.user_id;
        // The identifier may be a phone number, a username or an unverified address: it never links a user.
        userId = (await upsertClerkUser(db, { clerkUserId: m.public_user_data.user_id, email: null, name })).id;
      }
      const uid = userId;
      return withContext(db, { tenantId }, async (tx) => {
        const [existing] = await tx.select().from(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, uid)));
        if (evt.type === "organizationMembership.deleted") {
          if (!existing) return "membership already gone";
          if (existing.role === "owner") return "kept: owners are removed in the console";
          await tx.delete(memberships).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, uid)));
          await writeAudit(tx, { tenantId, actorUserId: null, action: "member.remove", target: `user:${uid}`, before: { role: existing.role, via: "clerk" } });
          return "membership removed";
        }
        const role = roleFromClerk(m.role);
        if (existing?.role === role || existing?.role === "owner") return "membership unchanged";
        if (existing) await tx.update(memberships).set({ role }).where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, uid)));
        else await tx.insert(memberships).values({ tenantId, userId: uid, role });
        await writeAudit(tx, { tenantId, actorUserId: null, action: "member.role", target: `user:${uid}`, before: existing ? { role: existing.role } : null, after: { role, via: "clerk" } });
        return "membership synced";
      });
    }
    default:
      return `ignored: ${evt.type}`;
  }
}
