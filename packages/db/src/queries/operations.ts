import { sql } from "drizzle-orm";
import { rowsOf, type Tx } from "../client";

/**
 * The platform operator's view of the machinery (drizzle/0023): recent job
 * runs and the outbox events that failed. The SECURITY DEFINER functions
 * refuse anyone who is not a platform operator (app.user_id).
 */
export type JobRun = { job: string; period: string; status: "running" | "done" | "failed"; attempts: number; startedAt: string; finishedAt: string | null; result: unknown; error: string | null };

const iso = (d: string | Date | null) => (d ? new Date(d).toISOString() : null);

export async function recentJobRuns(tx: Tx, limit = 100): Promise<JobRun[]> {
  const rows = rowsOf<{ job: string; period: string; status: JobRun["status"]; attempts: number; started_at: string | Date; finished_at: string | Date | null; result: unknown; error: string | null }>(
    await tx.execute(sql`select * from app_private.job_runs_recent(${limit}::int)`),
  );
  return rows.map((r) => ({ job: r.job, period: r.period, status: r.status, attempts: r.attempts, startedAt: iso(r.started_at)!, finishedAt: iso(r.finished_at), result: r.result, error: r.error }));
}

export type OutboxFailure = {
  tenantId: string;
  tenantSlug: string;
  seq: number;
  topic: string;
  orderId: string;
  attempts: number;
  lastError: string | null;
  retryAt: string | null;
  parkedAt: string | null;
  createdAt: string;
};

export async function outboxFailures(tx: Tx, limit = 100): Promise<OutboxFailure[]> {
  const rows = rowsOf<{ tenant_id: string; tenant_slug: string; seq: number | string; topic: string; order_id: string; attempts: number; last_error: string | null; retry_at: string | Date | null; parked_at: string | Date | null; created_at: string | Date }>(
    await tx.execute(sql`select * from app_private.outbox_failures(${limit}::int)`),
  );
  return rows.map((r) => ({
    tenantId: r.tenant_id,
    tenantSlug: r.tenant_slug,
    seq: Number(r.seq),
    topic: r.topic,
    orderId: r.order_id,
    attempts: r.attempts,
    lastError: r.last_error,
    retryAt: iso(r.retry_at),
    parkedAt: iso(r.parked_at),
    createdAt: iso(r.created_at)!,
  }));
}

/** Sends a failed event back to the queue (due now, attempts from zero); false when it is not failed (any more). */
export async function retryOutboxEvent(tx: Tx, tenantId: string, seq: number): Promise<boolean> {
  const [r] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select app_private.outbox_retry(${tenantId}::uuid, ${seq}::bigint) as ok`));
  return r?.ok === true;
}
