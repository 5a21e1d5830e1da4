import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "../client";
import { withContext } from "../context";

/**
 * Scheduled work as recorded runs (drizzle/0023, review: "scheduled jobs are
 * runs, not a timer"): a run is (job, period), claimed in its own committed
 * statement before the work, so several app servers run each period once; a
 * failed run is claimed again after `retrySeconds`, one left running by a
 * dead server after `staleSeconds`; a missed period is simply claimed late.
 */
export type RunOutcome<T> = { ran: false } | { ran: true; attempt: number; ok: true; result: T } | { ran: true; attempt: number; ok: false; error: string };

export async function claimRun(db: Db, job: string, period: string, opts: { retrySeconds?: number; staleSeconds?: number } = {}): Promise<number> {
  return withContext(db, {}, async (tx) => {
    const [r] = rowsOf<{ n: number }>(
      await tx.execute(sql`select app_private.job_claim(${job}, ${period}, ${opts.retrySeconds ?? 300}::int, ${opts.staleSeconds ?? 1800}::int) as n`),
    );
    return Number(r?.n ?? 0);
  });
}

export async function finishRun(db: Db, job: string, period: string, attempt: number, outcome: { ok: true; result: unknown } | { ok: false; error: string }): Promise<void> {
  await withContext(db, {}, (tx) =>
    tx.execute(
      sql`select app_private.job_finish(${job}, ${period}, ${attempt}::int, ${outcome.ok}, ${outcome.ok ? JSON.stringify(outcome.result ?? null) : null}::jsonb, ${outcome.ok ? null : outcome.error})`,
    ),
  );
}

/** Runs `work` for (job, period) unless that run is done or running elsewhere; records how it ended. Never throws for the work's failure. */
export async function runOnce<T>(db: Db, job: string, period: string, work: () => Promise<T>, opts?: { retrySeconds?: number; staleSeconds?: number }): Promise<RunOutcome<T>> {
  const attempt = await claimRun(db, job, period, opts);
  if (!attempt) return { ran: false };
  try {
    const result = await work();
    await finishRun(db, job, period, attempt, { ok: true, result });
    return { ran: true, attempt, ok: true, result };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    console.error(`[jobs] ${job} ${period} failed (attempt ${attempt})`, e);
    await finishRun(db, job, period, attempt, { ok: false, error });
    return { ran: true, attempt, ok: false, error };
  }
}

