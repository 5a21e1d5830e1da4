import { withTenant } from "../../packages/db/src/context";
import { verifyLedger, postTransfer, postTransfers } from "../../packages/db/src/queries/ledger";
import { commissionAccrued } from "../../packages/ledger/src";
import { ensureLedgerDataset, type LedgerDataset } from "../lib/ledger";
import { withAppDb } from "../lib/distribution";
import { nowMs } from "../lib/stats";
import type { Bench, BenchContext } from "../lib/types";

/**
 * Ledger transfers per second (issue 14): 8 workers, each with its own connection of the app's client (app_user,
 * RLS), post commission_accrued transfers (the merchant's expense → a distributor's pending) through
 * postTransfers, to random distributors of a shop with 10,000 (bench/lib/ledger.ts), for BENCH_LEDGER_SECONDS
 * (default 10), BENCH_LEDGER_BATCH (default 25) transfers per transaction, as the commission engine (a drain
 * batch of paid orders) and the settlement run (1,000 per batch) post them; the rate with one transfer per
 * transaction (a withdrawal, a refund's clawback) is logged after it. Fails unless the shop's ledger verifies
 * afterwards (every stored balance = its entries, every transfer balances). Budget ≥ 2,000/s.
 * ledger-transfers-hot: the same, every transfer to one distributor.
 */
export const WORKERS = Number(process.env.BENCH_LEDGER_WORKERS ?? 8);
const SECONDS = Number(process.env.BENCH_LEDGER_SECONDS ?? 10);
export const BATCH = Number(process.env.BENCH_LEDGER_BATCH ?? 25);

let ds: LedgerDataset;

export async function transfersPerSecond(ctx: BenchContext, ds: LedgerDataset, pick: (w: number, i: number) => string, tag: string, batch = BATCH, seconds = SECONDS): Promise<number> {
  return withAppDb(
    ctx,
    async (db) => {
      // Warm-up: each worker's connection and prepared statements.
      await Promise.all(Array.from({ length: WORKERS }, (_, w) => withTenant(db, ds.tenantId, (tx) => postTransfer(tx, ds.tenantId, `${tag}:warm:${w}`, commissionAccrued(pick(w, 0), 100)))));
      let done = 0;
      const t0 = nowMs();
      const deadline = t0 + seconds * 1000;
      await Promise.all(
        Array.from({ length: WORKERS }, async (_, w) => {
          for (let i = 1; nowMs() < deadline; i++) {
            const postings = Array.from({ length: batch }, (_, j) => ({ key: `${tag}:${batch}:${w}:${i}:${j}`, transfer: commissionAccrued(pick(w, i * batch + j), 100 + ((w * 7919 + i * 31 + j) % 5000)) }));
            await withTenant(db, ds.tenantId, (tx) => postTransfers(tx, ds.tenantId, postings));
            done += batch;
          }
        }),
      );
      const rate = done / ((nowMs() - t0) / 1000);
      const problems = await withTenant(db, ds.tenantId, (tx) => verifyLedger(tx));
      if (problems.length) throw new Error(`ledger does not verify after ${tag}: ${JSON.stringify(problems.slice(0, 3))}`);
      ctx.log(`${tag}: ${done} transfers in ${seconds} s by ${WORKERS} workers, ${batch} per transaction = ${rate.toFixed(0)}/s; ledger verifies`);
      return rate;
    },
    WORKERS,
  );
}

const bench: Bench = {
  name: "ledger-transfers",
  unit: "transfers/s",
  budget: 2000,
  higherIsBetter: true,
  async setup(ctx) {
    ds = await ensureLedgerDataset(ctx);
  },
  async run(ctx) {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = () => ds.users[Math.floor(rnd() * ds.users.length)]!;
    const rate = await transfersPerSecond(ctx, ds, pick, "ledger-transfers");
    await transfersPerSecond(ctx, ds, pick, "ledger-transfers-single", 1, Math.min(SECONDS, 5));
    return rate;
  },
};
export default bench;
