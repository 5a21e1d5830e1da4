import { ensureLedgerDataset, type LedgerDataset } from "../lib/ledger";
import type { Bench } from "../lib/types";
import { transfersPerSecond } from "./ledger-transfers";

/**
 * ledger-transfers on one hot account: the same 8 workers and batches, every transfer to the same distributor,
 * so every transaction waits for that account's row lock in turn (the figure for one hot account; one transfer
 * per transaction is logged after it). The floor: the lock is held only for the posting statement and the commit.
 */
let ds: LedgerDataset;
const bench: Bench = {
  name: "ledger-transfers-hot",
  unit: "transfers/s",
  budget: 300,
  higherIsBetter: true,
  async setup(ctx) {
    ds = await ensureLedgerDataset(ctx);
  },
  async run(ctx) {
    const rate = await transfersPerSecond(ctx, ds, () => ds.users[0]!, "ledger-transfers-hot");
    await transfersPerSecond(ctx, ds, () => ds.users[0]!, "ledger-transfers-hot-single", 1, 5);
    return rate;
  },
};
export default bench;
