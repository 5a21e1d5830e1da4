import { and, desc, eq } from "drizzle-orm";
import { AppError, isUuid } from "../../../core/src/errors";
import type { Tx } from "../client";
import { addresses } from "../schema";

export type AddressInput = { name: string; phone: string; province: string; city: string; district: string; detail: string; isDefault: boolean };

export async function listAddresses(tx: Tx, tenantId: string, userId: string) {
  return tx
    .select()
    .from(addresses)
    .where(and(eq(addresses.tenantId, tenantId), eq(addresses.userId, userId)))
    .orderBy(desc(addresses.isDefault), desc(addresses.createdAt));
}

/** Saves a new address or edits one of the user's own; the first address is the default. */
export async function saveAddress(tx: Tx, tenantId: string, userId: string, input: AddressInput & { id?: string | null }) {
  const mine = await listAddresses(tx, tenantId, userId);
  const isDefault = input.isDefault || mine.length === 0 || (mine.length === 1 && mine[0]!.id === input.id);
  if (isDefault)
    await tx.update(addresses).set({ isDefault: false }).where(and(eq(addresses.tenantId, tenantId), eq(addresses.userId, userId)));
  const { id: _id, ...rest } = input;
  const values = { ...rest, isDefault };
  if (input.id) {
    if (!isUuid(input.id) || !mine.some((a) => a.id === input.id)) throw new AppError("NOT_FOUND", "address.notFound", {}, "id");
    const [row] = await tx
      .update(addresses)
      .set(values)
      .where(and(eq(addresses.tenantId, tenantId), eq(addresses.userId, userId), eq(addresses.id, input.id)))
      .returning();
    return row!;
  }
  const [row] = await tx.insert(addresses).values({ tenantId, userId, ...values }).returning();
  return row!;
}

export async function deleteAddress(tx: Tx, tenantId: string, userId: string, id: string) {
  if (!isUuid(id)) throw new AppError("NOT_FOUND", "address.notFound");
  const gone = await tx
    .delete(addresses)
    .where(and(eq(addresses.tenantId, tenantId), eq(addresses.userId, userId), eq(addresses.id, id)))
    .returning();
  if (!gone[0]) throw new AppError("NOT_FOUND", "address.notFound");
  // The book keeps a default: the newest remaining address takes over.
  if (gone[0].isDefault) {
    const [next] = await listAddresses(tx, tenantId, userId);
    if (next) await tx.update(addresses).set({ isDefault: true }).where(and(eq(addresses.tenantId, tenantId), eq(addresses.id, next.id)));
  }
}
