import { randomUUID } from "node:crypto";
import { withContext, withTenant } from "../../packages/db/src/context";
import { distributorBalances, postTransfer, verifyLedger } from "../../packages/db/src/queries/ledger";
import { requestWithdrawal } from "../../packages/db/src/queries/withdrawals";
import { bonusPaid } from "../../packages/ledger/src";
import { ensureLedgerDataset, type LedgerDataset } from "../lib/ledger";
import { withAppDb } from "../lib/distribution";
import { fmt, nowMs, summarize } from "../lib/stats";
import type { Bench } from "../lib/types";

/**
 * 1,000 withdrawal requests at once on one distributor's balance (issue 14): each is the app's requestWithdrawal
 * in the distributor's own RLS transaction (the shop's checks, the reservation under the account lock), through
 * the app's client with its default pool of 10 connections, every one started in the same tick. The balance
 * covers BENCH_WITHDRAW_COVERS (default 50) of the ¥50 requests: the bench fails unless exactly that many are
 * reserved, the rest refused as above the balance, nothing reserved beyond it, and the ledger verifies.
 * The figure: p99 of a request, from the call to its answer (pool wait included). Budget 200 ms.
 */
const REQUESTS = Number(process.env.BENCH_WITHDRAW_REQUESTS ?? 1000);
const COVERS = Number(process.env.BENCH_WITHDRAW_COVERS ?? 50);
const AMOUNT = 5_000;

let ds: LedgerDataset;
let round = 0;

const bench: Bench = {
  name: "withdraw-race",
  unit: "ms",
  budget: 200,
  async setup(ctx) {
    ds = await ensureLedgerDataset(ctx);
  },
  async run(ctx) {
    return withAppDb(
      ctx,
      async (db) => {
        // A distributor of the dataset not used by another round: a balance of COVERS × ¥50.
        const userId = ds.users[ds.users.length - 1 - round++]!;
        await withTenant(db, ds.tenantId, (tx) => postTransfer(tx, ds.tenantId, `withdraw-race:${userId}`, bonusPaid(userId, COVERS * AMOUNT)));
        // Warm the pool's connections.
        await Promise.all(Array.from({ length: 10 }, () => withContext(db, { tenantId: ds.tenantId, userId }, (tx) => distributorBalances(tx, ds.tenantId, userId))));
        const times: number[] = [];
        const outcomes = await Promise.all(
          Array.from({ length: REQUESTS }, async () => {
            const t0 = nowMs();
            try {
              await withContext(db, { tenantId: ds.tenantId, userId }, (tx) => requestWithdrawal(tx, ds.tenantId, userId, { amountFen: AMOUNT, idempotencyKey: randomUUID() }));
              return "reserved" as const;
            } catch (e) {
              const key = (e as { key?: string }).key;
              if (key !== "withdrawal.aboveAvailable") throw e;
              return "refused" as const;
            } finally {
              times.push(nowMs() - t0);
            }
          }),
        );
        const reserved = outcomes.filter((o) => o === "reserved").length;
        const b = await withTenant(db, ds.tenantId, (tx) => distributorBalances(tx, ds.tenantId, userId));
        const problems = await withTenant(db, ds.tenantId, (tx) => verifyLedger(tx));
        if (reserved !== COVERS || b.withdrawingFen !== COVERS * AMOUNT || b.availableFen !== 0 || problems.length)
          throw new Error(`withdraw-race: ${reserved} reserved of ${COVERS} covered; withdrawing ${b.withdrawingFen}, available ${b.availableFen}; ledger problems ${problems.length}`);
        const s = summarize(times);
        ctx.log(`withdraw-race: ${REQUESTS} requests, ${reserved} reserved (= the balance), ${REQUESTS - reserved} refused; ${fmt(s)}`);
        // The floor beside it: as many trivial transactions of the same distributor (the same context, one
        // primary-key read), started in the same tick on the same pool.
        const floor: number[] = [];
        await Promise.all(
          Array.from({ length: REQUESTS }, async () => {
            const t0 = nowMs();
            await withContext(db, { tenantId: ds.tenantId, userId }, (tx) => distributorBalances(tx, ds.tenantId, userId));
            floor.push(nowMs() - t0);
          }),
        );
        const f = summarize(floor);
        ctx.log(`withdraw-race floor (${REQUESTS} one-read transactions at once, same pool): ${fmt(f)}; p99 ratio ${(s.p99 / f.p99).toFixed(2)}`);
        return s.p99;
      },
      10,
    );
  },
};
export default bench;
