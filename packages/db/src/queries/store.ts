import { and, eq, sql } from "drizzle-orm";
import type { Tx } from "../client";
import { storeSettings } from "../schema";
import { writeAudit } from "./audit";

export type StoreSettings = typeof storeSettings.$inferSelect;

/** The tenant's commerce settings; the row is created with its defaults on first read. */
export async function getStoreSettings(tx: Tx, tenantId: string): Promise<StoreSettings> {
  const [hit] = await tx.select().from(storeSettings).where(eq(storeSettings.tenantId, tenantId));
  if (hit) return hit;
  await tx.insert(storeSettings).values({ tenantId }).onConflictDoNothing();
  const [row] = await tx.select().from(storeSettings).where(eq(storeSettings.tenantId, tenantId));
  return row!;
}

export type StoreSettingsInput = {
  shippingFlatFen: number;
  freeShippingFromFen: number | null;
  returnWindowDays: number;
  unpaidExpiryMinutes: number;
};

export async function updateStoreSettings(tx: Tx, tenantId: string, actorUserId: string, input: StoreSettingsInput) {
  const before = await getStoreSettings(tx, tenantId);
  const [after] = await tx
    .update(storeSettings)
    .set({ ...input, updatedAt: sql`now()` })
    .where(eq(storeSettings.tenantId, tenantId))
    .returning();
  await writeAudit(tx, {
    tenantId,
    actorUserId,
    action: "store.settings.update",
    target: tenantId,
    before: pick(before),
    after: pick(after!),
  });
  return after!;
}

const pick = (s: StoreSettings) => ({
  shippingFlatFen: s.shippingFlatFen,
  freeShippingFromFen: s.freeShippingFromFen,
  returnWindowDays: s.returnWindowDays,
  unpaidExpiryMinutes: s.unpaidExpiryMinutes,
});

/** Records the Stripe connected account created for this tenant (Connect Express onboarding). */
export async function setStripeAccount(tx: Tx, tenantId: string, actorUserId: string, accountId: string) {
  await getStoreSettings(tx, tenantId);
  await tx.update(storeSettings).set({ stripeAccountId: accountId, updatedAt: sql`now()` }).where(eq(storeSettings.tenantId, tenantId));
  await writeAudit(tx, { tenantId, actorUserId, action: "store.stripe.connect", target: accountId });
}

/** The settings row, locked for this transaction (one Connect onboarding at a time per tenant). */
export async function lockStoreSettings(tx: Tx, tenantId: string): Promise<StoreSettings> {
  await getStoreSettings(tx, tenantId);
  const [row] = await tx.select().from(storeSettings).where(eq(storeSettings.tenantId, tenantId)).for("update");
  return row!;
}

/** The connected account's state as Stripe reports it (console "refresh", besides the account.updated webhook). */
export async function setStripeAccountStatus(
  tx: Tx,
  tenantId: string,
  accountId: string,
  s: { chargesEnabled: boolean; payoutsEnabled: boolean; detailsSubmitted: boolean },
): Promise<StoreSettings | null> {
  const [row] = await tx
    .update(storeSettings)
    .set({ stripeChargesEnabled: s.chargesEnabled, stripePayoutsEnabled: s.payoutsEnabled, stripeDetailsSubmitted: s.detailsSubmitted, updatedAt: sql`now()` })
    .where(and(eq(storeSettings.tenantId, tenantId), eq(storeSettings.stripeAccountId, accountId)))
    .returning();
  return row ?? null;
}
