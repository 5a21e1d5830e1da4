import { runOrderSweep } from "../../db/src/flows/jobs";
import { runDistributionDaily } from "../../db/src/flows/commissions";
import { runSettlementDaily } from "../../db/src/flows/settlement";
import { claimRun, finishRun, runOnce } from "../../db/src/flows/job-runs";
import type { Db } from "../../db/src/client";
import { getDb } from "./db";
import { paymentsRuntime } from "./payments";
import { withContext } from "../../db/src/context";
import { openAudits } from "../../db/src/queries/miniprogram-publishing";
import { pollOpenAudits, wechatEnv } from "./wechat-open";
import { wechatPayRuntime } from "./wechatpay-checkout";
import { merchantsFrom } from "./wechatpay-merchants";
import { reconcileWechatPayments } from "./wechatpay-webhook";
import { runPayouts } from "../../db/src/flows/payouts";
import { runBonusDays } from "../../db/src/flows/bonus-day";
import { payoutDeps, payoutsRuntime } from "./payouts";

const g = globalThis as unknown as { __fxSweep?: NodeJS.Timeout };

/** The UTC day a daily run belongs to. */
export const dayPeriod = (now: Date) => now.toISOString().slice(0, 10);

/**
 * One tick of the scheduled work: the order sweep (safe to run anywhere at
 * any time: every order is re-checked under a row lock), recorded as a run
 * when it did something or failed; then today's distribution run, claimed
 * (job, day) so that several servers run it once, a failure is retried on a
 * later tick and a missed day is caught up by the next tick that sees it;
 * then the day's settlement pass, claimed the same way (and per shop inside).
 */
export async function tick(db: Db, now = new Date()): Promise<void> {
  const minute = now.toISOString().slice(0, 16);
  // WeChat Pay payments whose notification has not come after two minutes: asked by order query, before the sweep
  // expires their orders (a payment made in the last minute of its order is still applied).
  try {
    const w = await reconcileWechatPayments({ db, providers: paymentsRuntime().providers, client: wechatPayRuntime(async () => db).client, merchants: merchantsFrom(db) });
    if (w.paid || w.refundsSettled) console.log(`[jobs] wechatpay reconciliation: ${JSON.stringify(w)}`);
  } catch (e) {
    console.error("[jobs] wechatpay reconciliation failed", e);
  }
  try {
    const r = await runOrderSweep(db, paymentsRuntime().providers, 200, now);
    if (r.expired || r.completed || r.refundsRetried || r.outboxEvents) {
      console.log(`[jobs] order sweep: ${JSON.stringify(r)}`);
      const attempt = await claimRun(db, "orders.sweep", minute);
      if (attempt) await finishRun(db, "orders.sweep", minute, attempt, { ok: true, result: r });
    }
  } catch (e) {
    console.error("[jobs] order sweep failed", e);
    const attempt = await claimRun(db, "orders.sweep", minute).catch(() => 0);
    if (attempt) await finishRun(db, "orders.sweep", minute, attempt, { ok: false, error: e instanceof Error ? e.message : String(e) }).catch(() => undefined);
  }
  const daily = await runOnce(db, "distribution.daily", dayPeriod(now), () => runDistributionDaily(db, now));
  if (daily.ran) console.log(`[jobs] distribution daily: ${JSON.stringify(daily)}`);
  // Commission that matured moves to available: the pass claimed once a UTC day, each shop once its local day
  // (packages/db/src/flows/settlement.ts); a failed pass is retried by a later tick.
  const settled = await runOnce(db, "ledger.settlement-day", dayPeriod(now), () => runSettlementDaily(db, now));
  if (settled.ran) console.log(`[jobs] settlement: ${JSON.stringify(settled)}`);
  // Bonus day: each shop on its day pays the month before (team bonus, top teams) and brings the month before
  // that up to date; the pass is claimed once a UTC day, each shop once per month inside.
  const bonus = await runOnce(db, "ledger.bonus-days", dayPeriod(now), () => runBonusDays(db, now));
  if (bonus.ran) console.log(`[jobs] bonus days: ${JSON.stringify(bonus)}`);
  // Approved provider payouts not yet sent, and sent ones without a final answer for a minute (asked by query):
  // safe on every server at once (each payout is taken under its row lock, every bill sent under one number).
  try {
    const p = await runPayouts(payoutDeps(db, payoutsRuntime(async () => db)), 100, now);
    if (p.checked) console.log(`[jobs] payouts: ${JSON.stringify(p)}`);
  } catch (e) {
    console.error("[jobs] payouts failed", e);
  }
  // Mini-program reviews the pushes left waiting: asked of WeChat once per 10 minutes across servers.
  const wechat = wechatEnv();
  // Recorded as a run only when a review is waiting (an idle platform adds no rows).
  if (wechat.configured && (await withContext(db, {}, (tx) => openAudits(tx))).length > 0) {
    const poll = await runOnce(db, "wechat.audit-poll", now.toISOString().slice(0, 15), () => pollOpenAudits(db, wechat.config));
    if (poll.ran && poll.ok && poll.result.polled) console.log(`[jobs] wechat audit poll: ${JSON.stringify(poll.result)}`);
  }
}

/**
 * The scheduled jobs inside the app server: a first tick a few seconds after
 * start (a day missed while the server was down is caught up at once), then
 * every ORDER_SWEEP_SECONDS (default 60; 0 turns them off).
 */
export function startOrderSweep() {
  const seconds = Number(process.env.ORDER_SWEEP_SECONDS ?? 60);
  if (!Number.isFinite(seconds) || seconds <= 0 || g.__fxSweep) return;
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await tick(await getDb());
    } catch (e) {
      console.error("[jobs] tick failed", e);
    } finally {
      running = false;
    }
  };
  g.__fxSweep = setInterval(run, seconds * 1000);
  g.__fxSweep.unref();
  setTimeout(run, Math.min(5, seconds) * 1000).unref();
}
