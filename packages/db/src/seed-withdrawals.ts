import { and, eq } from "drizzle-orm";
import { bonusPaid, maskName, maskResidentId } from "../../ledger/src";
import { encryptSecret } from "../../server/src/secrets";
import type { Db } from "./client";
import { withContext } from "./context";
import { postTransfer } from "./queries/ledger";
import { approveWithdrawal, markWithdrawalPaid, requestWithdrawal, saveTaxProfile } from "./queries/withdrawals";
import { withdrawals } from "./schema";

/**
 * A demo distributor's money story in a shop (issue 14): a team reward of
 * ¥800 made available, their tax identity (encrypted, a demo ID number), one
 * ¥100 withdrawal approved automatically and paid by the shop's staff, and
 * one of ¥600 waiting for finance's review (above the ¥500 automatic limit).
 * Once per shop: a second seed finds the requests and adds nothing.
 */
export async function seedWithdrawals(db: Db, p: { tenantId: string; slug: string; userId: string; staffId: string; realName: string; idNumber: string }) {
  const have = await withContext(db, { tenantId: p.tenantId }, (tx) => tx.select({ id: withdrawals.id }).from(withdrawals).where(and(eq(withdrawals.tenantId, p.tenantId), eq(withdrawals.userId, p.userId))).limit(1));
  if (have.length) return;
  await withContext(db, { tenantId: p.tenantId }, (tx) => postTransfer(tx, p.tenantId, `seed:bonus:${p.userId}`, bonusPaid(p.userId, 80_000), { memo: { seed: "team reward" } }));
  const shopper = { storefront: p.slug, userId: p.userId };
  const paid = await withContext(db, shopper, async (tx) => {
    await saveTaxProfile(tx, p.tenantId, p.userId, {
      realNameEnc: encryptSecret(p.realName),
      idNumberEnc: encryptSecret(p.idNumber),
      nameMasked: maskName(p.realName),
      idMasked: maskResidentId(p.idNumber),
    });
    return requestWithdrawal(tx, p.tenantId, p.userId, { amountFen: 10_000, idempotencyKey: "seed-withdrawal-1" });
  });
  await withContext(db, { tenantId: p.tenantId, userId: p.staffId }, async (tx) => {
    await approveWithdrawal(tx, p.tenantId, p.staffId, paid.id);
    await markWithdrawalPaid(tx, p.tenantId, p.staffId, paid.id, "DEMO-BANK-0001");
  });
  await withContext(db, shopper, (tx) => requestWithdrawal(tx, p.tenantId, p.userId, { amountFen: 60_000, idempotencyKey: "seed-withdrawal-2" }));
}
