import { eq, sql } from "drizzle-orm";
import { AppError } from "../../../core/src/errors";
import { rowsOf, type Db, type Tx } from "../client";
import { setContext, withContext } from "../context";
import { users } from "../schema";

export type LocalUser = { id: string; email: string; name: string; demoNote: string | null; isPlatformOperator: boolean };

/** The users the offline sign-in page offers (no Clerk identity). */
export async function listLocalUsers(tx: Tx): Promise<LocalUser[]> {
  const rows = rowsOf<{ id: string; email: string; name: string; demo_note: string | null; is_platform_operator: boolean }>(
    await tx.execute(sql`select * from app_private.local_signin_users()`),
  );
  return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, demoNote: r.demo_note, isPlatformOperator: r.is_platform_operator }));
}

export async function userIdByEmail(tx: Tx, email: string): Promise<string | null> {
  const [r] = rowsOf<{ id: string | null }>(await tx.execute(sql`select app_private.user_id_by_email(${email}) as id`));
  return r?.id ?? null;
}

/** The signed-in user's own row (visible through the users_self policy). */
export async function getSelf(tx: Tx) {
  const [u] = await tx.select().from(users).where(sql`${users.id} = app_private.current_user_id()`);
  return u ?? null;
}

/** Creates a user as themself: the insert is checked by users_self (id = app.user_id). */
export async function insertUserAsSelf(
  tx: Tx,
  u: { id?: string; email: string; name: string; phone?: string | null; clerkUserId?: string | null; demoNote?: string | null },
) {
  if (await userIdByEmail(tx, u.email)) throw new AppError("CONFLICT", "email.taken", {}, "email");
  const id = u.id ?? crypto.randomUUID();
  await setContext(tx, { userId: id });
  const [row] = await tx
    .insert(users)
    .values({ id, email: u.email, name: u.name, phone: u.phone ?? null, clerkUserId: u.clerkUserId ?? null, demoNote: u.demoNote ?? null })
    .returning();
  return row!;
}

export function createLocalUser(db: Db, input: { name: string; email: string }) {
  return withContext(db, {}, (tx) => insertUserAsSelf(tx, input));
}

/** The stand-in address of a Clerk user without a verified email: unique, and never anybody's inbox. */
export const clerkPlaceholderEmail = (clerkUserId: string) => `${clerkUserId}@clerk.invalid`;

/**
 * Clerk webhook / first request: create or update the user that mirrors a
 * Clerk identity. `email` must be the Clerk user's *verified* primary address
 * (null when there is none). An existing row is linked by email only through
 * such an address, and only when it has no Clerk identity yet: a row linked to
 * another Clerk user is never re-linked (security review H2).
 */
export function upsertClerkUser(db: Db, input: { clerkUserId: string; email: string | null; name: string; phone?: string | null }) {
  return withContext(db, {}, async (tx) => {
    const byClerk = await userIdByClerkId(tx, input.clerkUserId);
    let existing = byClerk;
    if (!existing && input.email) {
      const byEmail = await userIdByEmail(tx, input.email);
      if (byEmail) {
        await setContext(tx, { userId: byEmail });
        const [row] = await tx.select({ clerkUserId: users.clerkUserId }).from(users).where(eq(users.id, byEmail));
        if (row && row.clerkUserId === null) existing = byEmail;
      }
    }
    if (!existing) {
      // The address belongs to someone else (or is unverified): a fresh row with the stand-in address.
      const free = input.email && !(await userIdByEmail(tx, input.email)) ? input.email : clerkPlaceholderEmail(input.clerkUserId);
      return insertUserAsSelf(tx, { ...input, email: free });
    }
    // A verified address replaces the stored one unless another row holds it.
    const owner = input.email ? await userIdByEmail(tx, input.email) : null;
    const email = input.email && (!owner || owner === existing) ? input.email : undefined;
    await setContext(tx, { userId: existing });
    const [row] = await tx
      .update(users)
      .set({ clerkUserId: input.clerkUserId, ...(email ? { email } : {}), name: input.name, phone: input.phone ?? null, updatedAt: new Date() })
      .where(eq(users.id, existing))
      .returning();
    return row!;
  });
}

export async function userIdByClerkId(tx: Tx, clerkUserId: string): Promise<string | null> {
  const [r] = rowsOf<{ id: string | null }>(await tx.execute(sql`select app_private.user_id_by_clerk_id(${clerkUserId}) as id`));
  return r?.id ?? null;
}
