import { runOrderSweep } from "../../db/src/flows/jobs";
import { runDistributionDaily } from "../../db/src/flows/commissions";
import { getDb } from "./db";
import { paymentsRuntime } from "./payments";

const g = globalThis as unknown as { __fxSweep?: NodeJS.Timeout; __fxDaily?: string };

/**
 * The scheduled order job inside the app server (every ORDER_SWEEP_SECONDS,
 * default 60; 0 turns it off). Safe with several servers: every order is
 * re-checked under a row lock in its own transaction.
 */
export function startOrderSweep() {
  const seconds = Number(process.env.ORDER_SWEEP_SECONDS ?? 60);
  if (!Number.isFinite(seconds) || seconds <= 0 || g.__fxSweep) return;
  let running = false;
  g.__fxSweep = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const r = await runOrderSweep(await getDb(), paymentsRuntime().providers);
      if (r.expired || r.completed || r.refundsRetried || r.outboxEvents) console.log(`[jobs] order sweep: ${JSON.stringify(r)}`);
      const today = new Date().toISOString().slice(0, 10);
      if (g.__fxDaily !== today) {
        g.__fxDaily = today;
        console.log(`[jobs] distribution daily: ${JSON.stringify(await runDistributionDaily(await getDb()))}`);
      }
    } catch (e) {
      console.error("[jobs] order sweep failed", e);
    } finally {
      running = false;
    }
  }, seconds * 1000);
  g.__fxSweep.unref();
}
