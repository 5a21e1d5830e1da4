/**
 * Posting to the ledger (PRODUCT.md §5; the rules are pure, packages/ledger).
 * A transfer is checked before it is written, once per idempotency key (a
 * retry returns the first), its distributors' accounts locked in one fixed
 * order (no two posts deadlock), and its entries and those accounts' stored
 * balances written by one statement. The merchant's accounts are not locked
 * and their balance is derived (drizzle/0040). The database refuses a transfer that does not balance
 * (a statement trigger, drizzle/0041) and any change to an entry or a transfer (append-only).
 */
import { sql } from "drizzle-orm";
import { accountKey, checked, isDistributorAccount, commissionAccrued, commissionClawback, type AccountKind, type AccountRef, type Transfer, type TransferKind } from "../../../ledger/src";
import { rowsOf, type Tx } from "../client";

export type TransferRefs = {
  commissionId?: string | null;
  orderLineId?: string | null;
  withdrawalId?: string | null;
  correctsId?: string | null;
  memo?: Record<string, unknown>;
  createdBy?: string | null;
};

export type PostedTransfer = { id: string; kind: TransferKind; created: boolean };

/** A PostgreSQL array literal (drizzle expands a JS array into a list of parameters). */
const pgArray = (xs: readonly (string | number | null)[]) => `{${xs.map((x) => (x === null ? "NULL" : `"${String(x).replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;

/**
 * The merchant's accounts (one per kind and shop) are on every commission's
 * transfer, so they are not locked and their balance is not stored: it is
 * derived, the sum of their entries (= minus the distributors' balances, the
 * ledger summing to zero). Their ids, once read as committed rows, are kept
 * for the process (an account is never deleted nor its id changed).
 */
const merchantIds = new Map<string, string>();

async function merchantAccountIds(tx: Tx, tenantId: string, accounts: readonly AccountRef[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const missing = accounts.filter((a) => {
    const id = merchantIds.get(`${tenantId}:${a.kind}`);
    if (id) out.set(accountKey(a), id);
    return !id;
  });
  if (!missing.length) return out;
  const kinds = pgArray(missing.map((a) => a.kind));
  await tx.execute(sql`
    insert into ledger_accounts (tenant_id, kind, owner_id)
    select ${tenantId}::uuid, k, null from unnest(${kinds}::text[]) as x(k)
    on conflict (tenant_id, kind, owner_id) do nothing`);
  const rows = rowsOf<{ id: string; kind: AccountKind; committed: boolean }>(
    await tx.execute(sql`
      select a.id::text, a.kind, (a.xmin::text::bigint <> coalesce(pg_current_xact_id_if_assigned()::text::bigint % 4294967296, -1)) as committed
        from ledger_accounts a
       where a.tenant_id = ${tenantId} and a.owner_id is null and a.kind = any(${kinds}::text[])`),
  );
  for (const r of rows) {
    out.set(accountKey({ kind: r.kind, ownerId: null }), r.id);
    // Not one this transaction created: it would be gone if the transaction rolled back.
    if (r.committed) merchantIds.set(`${tenantId}:${r.kind}`, r.id);
  }
  return out;
}

/**
 * The accounts' ids, created when missing: a distributor's locked FOR UPDATE in
 * key order (kind, owner: every post takes its locks in that one order, so no
 * two deadlock; created first, in the same order, when missing), the merchant's not locked
 * (their balance is derived; merchantAccountIds).
 */
export async function lockAccounts(tx: Tx, tenantId: string, accounts: readonly AccountRef[]): Promise<Map<string, string>> {
  const unique = [...new Map(accounts.map((a) => [accountKey(a), a])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, a]) => a);
  const mine = unique.filter((a) => isDistributorAccount(a.kind));
  const out = await merchantAccountIds(
    tx,
    tenantId,
    unique.filter((a) => !isDistributorAccount(a.kind)),
  );
  if (!mine.length) return out;
  const kinds = pgArray(mine.map((a) => a.kind));
  const owners = pgArray(mine.map((a) => a.ownerId));
  // One primary-key probe per account, locked in the key order `mine` is sorted in (a join on the whole shop's
  // accounts would scan them all: the plan cannot know the array holds two).
  const lock = async () =>
    rowsOf<{ id: string; kind: AccountKind; owner_id: string | null }>(
      await tx.execute(sql`
        select a.id::text, a.kind, a.owner_id::text
          from unnest(${kinds}::text[], ${owners}::uuid[]) with ordinality as x(k, o, i)
          cross join lateral (
            select l.id, l.kind, l.owner_id from ledger_accounts l
             where l.tenant_id = ${tenantId} and l.kind = x.k and l.owner_id = x.o
               for update) a
         order by x.i`),
    );
  // Usually they all exist: one statement. The first posts to a distributor create theirs, then lock.
  let rows = await lock();
  if (rows.length < mine.length) {
    await tx.execute(sql`
      insert into ledger_accounts (tenant_id, kind, owner_id)
      select ${tenantId}::uuid, k, o from unnest(${kinds}::text[], ${owners}::uuid[]) as x(k, o)
      on conflict (tenant_id, kind, owner_id) do nothing`);
    rows = await lock();
  }
  for (const r of rows) out.set(accountKey({ kind: r.kind, ownerId: r.owner_id }), r.id);
  return out;
}

/** A transfer to post, under its idempotency key (unique per tenant). */
export type Posting = { key: string; transfer: Transfer; refs?: TransferRefs };

/**
 * Writes `transfer` under `idempotencyKey` in the caller's transaction. A
 * second post with the same key writes nothing and returns the first
 * transfer (`created: false`).
 */
export async function postTransfer(tx: Tx, tenantId: string, idempotencyKey: string, transfer: Transfer, refs: TransferRefs = {}): Promise<PostedTransfer> {
  const [posted] = await postTransfers(tx, tenantId, [{ key: idempotencyKey, transfer, refs }]);
  return posted!;
}

/**
 * Posts a batch (the commission engine's, a settlement run's) in two
 * statements whatever its size: the accounts locked in id order, then the
 * transfers, their entries and the accounts' balances in one statement.
 * Keys already posted are skipped and returned as they were.
 */
export async function postTransfers(tx: Tx, tenantId: string, postings: readonly Posting[]): Promise<PostedTransfer[]> {
  const batch = [...new Map(postings.map((p) => [p.key, p])).values()];
  if (!batch.length) return [];
  for (const p of batch) checked(p.transfer);
  const ids = await lockAccounts(
    tx,
    tenantId,
    batch.flatMap((p) => p.transfer.legs.map((l) => l.account)),
  );
  const transfers = batch.map((p) => ({
    key: p.key,
    kind: p.transfer.kind,
    corrects_id: p.refs?.correctsId ?? null,
    commission_id: p.refs?.commissionId ?? null,
    order_line_id: p.refs?.orderLineId ?? null,
    withdrawal_id: p.refs?.withdrawalId ?? null,
    memo: p.refs?.memo ?? {},
    created_by: p.refs?.createdBy ?? null,
  }));
  const legs = batch.flatMap((p) => p.transfer.legs.map((l) => ({ key: p.key, account_id: ids.get(accountKey(l.account))!, amount: l.amountFen })));
  // The accounts whose balance is stored (a distributor's; the merchant's is derived), probed by primary key.
  const stored = pgArray([...new Set(batch.flatMap((p) => p.transfer.legs.filter((l) => isDistributorAccount(l.account.kind)).map((l) => ids.get(accountKey(l.account))!)))]);
  const created = rowsOf<{ id: string; key: string }>(
    await tx.execute(sql`
      with x as (
        select * from jsonb_to_recordset(${JSON.stringify(transfers)}::jsonb)
          as x(key text, kind text, corrects_id uuid, commission_id uuid, order_line_id uuid, withdrawal_id uuid, memo jsonb, created_by uuid)
      ), t as (
        insert into ledger_transfers (tenant_id, kind, idempotency_key, corrects_id, commission_id, order_line_id, withdrawal_id, memo, created_by)
        select ${tenantId}, kind, key, corrects_id, commission_id, order_line_id, withdrawal_id, memo, created_by from x
        on conflict (tenant_id, idempotency_key) do nothing
        returning id, idempotency_key
      ), l as (
        select * from jsonb_to_recordset(${JSON.stringify(legs)}::jsonb) as l(key text, account_id uuid, amount bigint)
      ), e as (
        insert into ledger_entries (tenant_id, transfer_id, account_id, amount_fen)
        select ${tenantId}, t.id, l.account_id, l.amount from t join l on l.key = t.idempotency_key
        returning account_id, amount_fen
      ), d as (
        select account_id, sum(amount_fen) as delta from e group by account_id
      ), b as (
        update ledger_accounts a set balance_fen = a.balance_fen + d.delta, updated_at = now()
          from d where a.tenant_id = ${tenantId} and a.id = any(${stored}::uuid[]) and a.id = d.account_id
        returning 1
      )
      select t.id::text, t.idempotency_key as key from t, (select count(*) from b) as updated`),
  );
  const made = new Map(created.map((r) => [r.key, r.id]));
  // Keys posted before, or by a concurrent post that won them: those stand (one read for all of them).
  const missing = batch.filter((p) => !made.has(p.key)).map((p) => p.key);
  const prior = new Map(
    missing.length
      ? rowsOf<{ id: string; key: string; kind: TransferKind }>(
          await tx.execute(sql`select id::text, idempotency_key as key, kind from ledger_transfers where tenant_id = ${tenantId} and idempotency_key = any(${pgArray(missing)}::text[])`),
        ).map((r) => [r.key, r])
      : [],
  );
  return batch.map((p) => {
    const id = made.get(p.key);
    if (id) return { id, kind: p.transfer.kind, created: true };
    const was = prior.get(p.key);
    if (!was) throw new Error(`ledger: transfer ${p.key} neither written nor found`);
    return { id: was.id, kind: was.kind, created: false };
  });
}

export async function distributorBalances(tx: Tx, tenantId: string, userId: string) {
  const rows = rowsOf<{ kind: AccountKind; balance_fen: string | number }>(
    await tx.execute(sql`select kind, balance_fen from ledger_accounts where tenant_id = ${tenantId} and owner_id = ${userId}`),
  );
  const get = (k: AccountKind) => Number(rows.find((r) => r.kind === k)?.balance_fen ?? 0);
  return {
    pendingFen: get("distributor_pending"),
    availableFen: get("distributor_available"),
    withdrawingFen: get("distributor_withdrawing"),
    paidOutFen: get("distributor_paid_out"),
    taxWithheldFen: get("distributor_tax_withheld"),
  };
}

export type LedgerProblem =
  | { kind: "balance"; accountId: string; storedFen: number; entriesFen: number }
  | { kind: "unbalanced"; transferId: string; sumFen: number }
  | { kind: "commission"; commissionId: string; amountFen: number; accruedFen: number; reversedFen: number; clawedBackFen: number };

/**
 * What `npm run ledger:verify` checks, for the transaction's tenant (or every
 * tenant visible to it): every stored balance equals the sum of its entries,
 * every transfer sums to zero, and every commission is in the ledger as the
 * commission tables say (accrued at its amount, clawed back by what its
 * reversals took). An empty list: the ledger holds.
 */
export async function verifyLedger(tx: Tx): Promise<LedgerProblem[]> {
  const balances = rowsOf<{ id: string; stored: string; entries: string }>(
    await tx.execute(sql`
      select a.id::text, a.balance_fen::text as stored, coalesce(sum(e.amount_fen), 0)::text as entries
        from ledger_accounts a left join ledger_entries e on e.tenant_id = a.tenant_id and e.account_id = a.id
       where a.owner_id is not null
       group by a.tenant_id, a.id, a.balance_fen
      having a.balance_fen <> coalesce(sum(e.amount_fen), 0)`),
  );
  const transfers = rowsOf<{ id: string; sum: string }>(
    await tx.execute(sql`
      select t.id::text, coalesce(sum(e.amount_fen), 0)::text as sum
        from ledger_transfers t left join ledger_entries e on e.tenant_id = t.tenant_id and e.transfer_id = t.id
       group by t.tenant_id, t.id
      having coalesce(sum(e.amount_fen), 0) <> 0 or count(e.id) < 2`),
  );
  // The credit leg of a commission's transfers: pending's on the accrual, the merchant expense's on a clawback.
  const credited = (kind: string) =>
    sql`coalesce((select sum(e.amount_fen) from ledger_transfers t join ledger_entries e on e.tenant_id = t.tenant_id and e.transfer_id = t.id
                   where t.tenant_id = c.tenant_id and t.commission_id = c.id and t.kind = ${kind} and e.amount_fen > 0), 0)`;
  const commissionRows = rowsOf<{ id: string; amount: number; accrued: string; reversed: string; clawed: string }>(
    await tx.execute(sql`
      select * from (
        select c.id::text, c.amount_fen as amount, ${credited("commission_accrued")}::text as accrued,
               coalesce((select sum(r.amount_fen) from commission_reversals r where r.tenant_id = c.tenant_id and r.commission_id = c.id), 0)::text as reversed,
               ${credited("commission_clawback")}::text as clawed
          from commissions c) x
       where x.accrued::bigint <> x.amount or x.reversed::bigint <> x.clawed::bigint`),
  );
  return [
    ...balances.map((b) => ({ kind: "balance" as const, accountId: b.id, storedFen: Number(b.stored), entriesFen: Number(b.entries) })),
    ...transfers.map((t) => ({ kind: "unbalanced" as const, transferId: t.id, sumFen: Number(t.sum) })),
    ...commissionRows.map((c) => ({ kind: "commission" as const, commissionId: c.id, amountFen: c.amount, accruedFen: Number(c.accrued), reversedFen: Number(c.reversed), clawedBackFen: Number(c.clawed) })),
  ];
}

export type Claw = { commissionId: string; cause: string; amountFen: number; userId: string; lineId: string };

/**
 * The ledger's side of commission reversals (a refund's share, a confirmed
 * fraud flag): the postings that take the reversed fen back, once per
 * reversal, from pending while the commission is unsettled, else from
 * available (which may go negative). The commissions are locked first, so a
 * settlement of one of them at the same moment finishes before this reads
 * where it is; the caller posts them with its other postings, after every
 * commission lock it takes (accounts are always locked last).
 */
export async function clawbackPostings(tx: Tx, tenantId: string, claws: readonly Claw[]): Promise<Posting[]> {
  if (!claws.length) return [];
  const state = new Map(
    rowsOf<{ id: string; settled: boolean }>(
      await tx.execute(sql`
        select id::text, settled_at is not null as settled from commissions
         where tenant_id = ${tenantId} and id = any(${pgArray([...new Set(claws.map((c) => c.commissionId))])}::uuid[])
         order by id for update`),
    ).map((r) => [r.id, r.settled]),
  );
  return claws.map((c) => ({
    key: reversalKey(c.commissionId, c.cause),
    transfer: commissionClawback(c.userId, c.amountFen, state.get(c.commissionId) === true),
    refs: { commissionId: c.commissionId, orderLineId: c.lineId },
  }));
}

/** Idempotency keys of a commission's movements in the ledger. */
export const accrualKey = (commissionId: string) => `commission:${commissionId}`;
export const reversalKey = (commissionId: string, cause: string) => `reversal:${commissionId}:${cause}`;

/**
 * Commission written before the ledger existed (drizzle/0033) gets its
 * accrual and its reversals' clawbacks, as the engine posts them today: run
 * after every migration (packages/db/src/migrate.ts), it finds nothing to do
 * once done. Without it an upgraded shop's settlement would move commission
 * out of a pending balance that never had it.
 */
export async function backfillLedger(tx: Tx, tenantId: string): Promise<number> {
  const accruals = rowsOf<{ id: string; line_id: string; beneficiary_id: string; amount_fen: number }>(
    await tx.execute(sql`
      select c.id::text, c.line_id::text, c.beneficiary_id::text, c.amount_fen from commissions c
       where c.tenant_id = ${tenantId}
         and not exists (select 1 from ledger_transfers t where t.tenant_id = c.tenant_id and t.commission_id = c.id and t.kind = 'commission_accrued')`),
  );
  const claws = rowsOf<Claw>(
    await tx.execute(sql`
      select r.commission_id::text as "commissionId", r.cause, r.amount_fen::int as "amountFen", c.beneficiary_id::text as "userId", c.line_id::text as "lineId"
        from commission_reversals r join commissions c on c.tenant_id = r.tenant_id and c.id = r.commission_id
       where r.tenant_id = ${tenantId} and r.amount_fen > 0
         and not exists (select 1 from ledger_transfers t where t.tenant_id = r.tenant_id and t.idempotency_key = 'reversal:' || r.commission_id || ':' || r.cause)`),
  );
  const postings: Posting[] = [
    ...accruals.map((c) => ({ key: accrualKey(c.id), transfer: commissionAccrued(c.beneficiary_id, c.amount_fen), refs: { commissionId: c.id, orderLineId: c.line_id } })),
    ...(await clawbackPostings(tx, tenantId, claws)),
  ];
  await postTransfers(tx, tenantId, postings);
  return postings.length;
}

export type Movement = {
  id: string;
  at: string;
  transfer: TransferKind;
  account: AccountKind;
  amountFen: number;
  orderNo: string | null;
  productName: string | null;
  /** A settlement's: how many commissions it made available (one transfer per distributor and batch). */
  commissions: number | null;
};

/**
 * A distributor's money (PRODUCT.md §5.5): the balances, and every movement
 * on their accounts newest first with what it came from (the order and
 * product of a commission).
 */
export async function incomeOf(tx: Tx, tenantId: string, userId: string, page: { limit: number; offset: number }) {
  const movements = rowsOf<Movement>(
    await tx.execute(sql`
      select e.id::text, e.created_at::text as at, t.kind as transfer, a.kind as account, e.amount_fen::int as "amountFen",
             o.no as "orderNo", l.product_name as "productName", (t.memo->>'commissions')::int as commissions
        from ledger_accounts a
        join ledger_entries e on e.tenant_id = a.tenant_id and e.account_id = a.id
        join ledger_transfers t on t.tenant_id = e.tenant_id and t.id = e.transfer_id
        left join commissions c on c.tenant_id = t.tenant_id and c.id = t.commission_id
        left join orders o on o.tenant_id = c.tenant_id and o.id = c.order_id
        left join order_lines l on l.tenant_id = t.tenant_id and l.id = t.order_line_id
       where a.tenant_id = ${tenantId} and a.owner_id = ${userId}
       order by e.created_at desc, e.id desc
       limit ${page.limit} offset ${page.offset}`),
  );
  return { balances: await distributorBalances(tx, tenantId, userId), movements };
}
