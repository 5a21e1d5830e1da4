import { cookies } from "next/headers";
import { cache } from "react";
import { clerkEnabled } from "../../auth/src/config";
import { SESSION_COOKIE, acceptedLocalSession } from "../../auth/src/session";
import { withContext } from "../../db/src/context";
import { getSelf, upsertClerkUser, userIdByClerkId } from "../../db/src/queries/users";
import type { users } from "../../db/src/schema";
import { getDb } from "./db";
import { sessionSecret } from "./secret";

export type CurrentUser = typeof users.$inferSelect;

async function loadUser(userId: string): Promise<CurrentUser | null> {
  const db = await getDb();
  return withContext(db, { userId }, (tx) => getSelf(tx));
}

async function clerkUser(): Promise<CurrentUser | null> {
  const { auth, currentUser } = await import("@clerk/nextjs/server");
  const { userId } = await auth();
  if (!userId) return null;
  const db = await getDb();
  const id = await withContext(db, {}, (tx) => userIdByClerkId(tx, userId));
  if (id) return loadUser(id);
  // First request before the webhook arrived: mirror the Clerk user now.
  const cu = await currentUser();
  if (!cu) return null;
  // Only a verified primary address links or names an account (security review H2).
  const primary = cu.primaryEmailAddress;
  const email = primary && primary.verification?.status === "verified" ? primary.emailAddress : null;
  return upsertClerkUser(db, {
    clerkUserId: userId,
    email,
    name: [cu.firstName, cu.lastName].filter(Boolean).join(" ") || cu.username || email || userId,
    phone: cu.primaryPhoneNumber?.phoneNumber ?? null,
  });
}

/** The signed-in user of this request (Clerk, or the local session cookie), once per request. */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  if (clerkEnabled()) return clerkUser();
  const session = acceptedLocalSession(sessionSecret(), (await cookies()).get(SESSION_COOKIE)?.value);
  return session ? loadUser(session.uid) : null;
});
