import { and, eq, sql } from "drizzle-orm";
import { AppError } from "../../../core/src/errors";
import { rowsOf, type Tx } from "../client";
import { distributors, referralBindings, type DistributorStatus } from "../schema";
import { getProgramme } from "./distribution-settings";

/**
 * Referral binding and joining (PRODUCT.md §4.1–4.2).
 *
 * A shopper is bound to the distributor whose link or code they came
 * through: first touch keeps the first binding; last touch lets a newer link
 * take over once the protection period has passed. One statement does it,
 * so concurrent bindings of one shopper resolve to exactly one referrer (the
 * primary key), and a binding can neither point at oneself nor create a
 * cycle: only shoppers who are not distributors are (re)bound, and they have
 * no downline; a distributor's binding is locked when they join. Returns the
 * new referrer when the binding was made or moved, else null (one statement:
 * it runs on every checkout through a share link).
 */
export async function bindShopper(
  tx: Tx,
  tenantId: string,
  userId: string,
  code: string,
  source: "link" | "qr" | "order",
): Promise<string | null> {
  const [r] = rowsOf<{ referrer_id: string }>(
    await tx.execute(sql`
      with s as (
        select coalesce((select programme->>'bindingRule' from distribution_settings where tenant_id = ${tenantId}), 'first_touch') as rule,
               coalesce((select (programme->>'protectionDays')::int from distribution_settings where tenant_id = ${tenantId}), 30) as days
      ), r as (
        select d.user_id, coalesce(b.path, '{}'::uuid[]) as ppath
          from distributors d
          left join referral_bindings b on b.tenant_id = d.tenant_id and b.user_id = d.user_id
         where d.tenant_id = ${tenantId} and d.code = upper(${code}) and d.status = 'active' and d.user_id <> ${userId}
           and not (${userId}::uuid = any(coalesce(b.path, '{}'::uuid[])))
           and not exists (select 1 from distributors me where me.tenant_id = ${tenantId} and me.user_id = ${userId} and me.status <> 'rejected')
      )
      insert into referral_bindings as rb (tenant_id, user_id, referrer_id, path, source)
      select ${tenantId}, ${userId}, r.user_id, array[r.user_id] || r.ppath, ${source} from r
      on conflict (tenant_id, user_id) do update
         set referrer_id = excluded.referrer_id, path = excluded.path, source = excluded.source, bound_at = now()
       where not rb.locked and rb.referrer_id <> excluded.referrer_id
         and (select rule from s) = 'last_touch'
         and rb.bound_at < now() - make_interval(days => (select days from s))
      returning referrer_id`),
  );
  return r?.referrer_id ?? null;
}

/** The distributor a shopper is bound to, if any. */
export async function referrerOf(tx: Tx, tenantId: string, userId: string): Promise<string | null> {
  const [have] = await tx
    .select({ referrerId: referralBindings.referrerId })
    .from(referralBindings)
    .where(and(eq(referralBindings.tenantId, tenantId), eq(referralBindings.userId, userId)));
  return have?.referrerId ?? null;
}

/** A short referral code: 8 characters without look-alikes (a WeChat scene allows 32). */
export function newReferralCode(): string {
  const abc = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => abc[b % abc.length]).join("");
}

export type JoinResult = { status: DistributorStatus; code: string };

/**
 * A shopper joins the programme: at once when it is open to all, as an
 * application when it needs approval, or once they have a paid order when
 * it asks for a first purchase. Their binding (if any) is locked: their
 * place in the tree no longer moves by links.
 */
export async function joinProgramme(tx: Tx, tenantId: string, userId: string): Promise<JoinResult> {
  const { programme } = await getProgramme(tx, tenantId);
  const [me] = await tx.select().from(distributors).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId))).for("update");
  if (me && me.status !== "rejected") {
    if (me.status === "left" || me.status === "suspended") throw new AppError("CONFLICT", "distribution.cannotRejoin", { status: me.status });
    return { status: me.status, code: me.code };
  }
  if (programme.joinMode === "first_purchase") {
    const [paid] = rowsOf<{ n: number }>(
      await tx.execute(sql`select count(*)::int as n from orders where tenant_id = ${tenantId} and buyer_id = ${userId} and paid_at is not null and refunded_fen < paid_fen`),
    );
    if (!paid || paid.n === 0) throw new AppError("CONFLICT", "distribution.needsPurchase");
  }
  const status: DistributorStatus = programme.joinMode === "approval" ? "pending" : "active";
  let code = me?.code;
  if (me) {
    await tx.update(distributors).set({ status, decidedBy: null, decidedAt: null }).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId)));
  } else {
    for (let attempt = 0; ; attempt++) {
      code = newReferralCode();
      const [row] = await tx.insert(distributors).values({ tenantId, userId, code, status, level: 1 }).onConflictDoNothing().returning();
      if (row) break;
      if (attempt > 5) throw new AppError("CONFLICT", "order.retry");
    }
  }
  await tx.update(referralBindings).set({ locked: true }).where(and(eq(referralBindings.tenantId, tenantId), eq(referralBindings.userId, userId)));
  return { status, code: code! };
}

/**
 * The upline of an order, captured when it is placed (order_uplines): the
 * buyer's level when an active distributor, up to three earning ancestors
 * with their levels, and the whole chain for team statistics. A distributor
 * who asked to leave keeps earning until the exit is approved (§4.11).
 * Nothing is written for a shopper with no binding who is not a distributor.
 */
export function captureUpline(tx: Tx, tenantId: string, orderId: string, buyerId: string) {
  return tx.execute(sql`
    insert into order_uplines (tenant_id, order_id, buyer_id, buyer_level, referrer_id, upline, chain)
    select ${tenantId}, ${orderId}, ${buyerId}, me.level, b.referrer_id,
           coalesce((select jsonb_agg(jsonb_build_object('userId', a.user_id, 'distributorLevel', a.level) order by a.i)
                       from (select d.user_id, d.level, x.i
                               from unnest(b.path) with ordinality x(uid, i)
                               join distributors d on d.tenant_id = ${tenantId} and d.user_id = x.uid and d.status in ('active', 'exit_requested')
                              order by x.i limit 3) a), '[]'::jsonb),
           (case when me.user_id is null then '{}'::uuid[] else array[me.user_id] end) || coalesce(b.path, '{}'::uuid[])
      from (select 1) one
      left join referral_bindings b on b.tenant_id = ${tenantId} and b.user_id = ${buyerId}
      left join distributors me on me.tenant_id = ${tenantId} and me.user_id = ${buyerId} and me.status in ('active', 'exit_requested')
     where b.user_id is not null or me.user_id is not null
    on conflict do nothing`);
}

/** The 3-level upline of a shopper now (nearest first, earning distributors: active or asking to leave): what an order placed now would capture. */
export async function uplineOf(tx: Tx, tenantId: string, userId: string): Promise<{ userId: string; level: number }[]> {
  return rowsOf<{ userId: string; level: number }>(await tx.execute(uplineOfSql(tenantId, userId)));
}

/** uplineOf's statement (for EXPLAIN in the upline-3 bench). */
export const uplineOfSql = (tenantId: string, userId: string) => sql`
  select d.user_id as "userId", d.level
    from referral_bindings b
    cross join lateral unnest(b.path) with ordinality x(uid, i)
    join distributors d on d.tenant_id = b.tenant_id and d.user_id = x.uid and d.status in ('active', 'exit_requested')
   where b.tenant_id = ${tenantId} and b.user_id = ${userId}
   order by x.i limit 3`;

/**
 * Exit (PRODUCT.md §4.11): the leaver's team is re-attached to the leaver's
 * referrer (or becomes top-level), every path below them loses them, and
 * they stop earning. Their pending commission stays and settles as usual.
 */
export async function reattachTeam(tx: Tx, tenantId: string, leaverId: string) {
  const [b] = await tx.select().from(referralBindings).where(and(eq(referralBindings.tenantId, tenantId), eq(referralBindings.userId, leaverId)));
  // Direct members: to the leaver's referrer, or unbound when there is none.
  if (b) {
    await tx.execute(sql`
      update referral_bindings set referrer_id = ${b.referrerId}, path = array_remove(path, ${leaverId}::uuid), source = 'exit', bound_at = now()
       where tenant_id = ${tenantId} and referrer_id = ${leaverId}`);
  } else {
    await tx.execute(sql`delete from referral_bindings where tenant_id = ${tenantId} and referrer_id = ${leaverId}`);
  }
  // Deeper members keep their referrer; the leaver leaves their path.
  await tx.execute(sql`
    update referral_bindings set path = array_remove(path, ${leaverId}::uuid)
     where tenant_id = ${tenantId} and user_id in (select user_id from app_private.downline(${leaverId}::uuid)) and referrer_id <> ${leaverId}`);
}

/** The tenant's binding protection period in days (PRODUCT.md §4.2; 30 unless set): how long a share code is kept. */
export async function protectionDays(tx: Tx, tenantId: string): Promise<number> {
  const [r] = rowsOf<{ days: number | null }>(
    await tx.execute(sql`select (programme->>'protectionDays')::int as days from distribution_settings where tenant_id = ${tenantId}`),
  );
  return r?.days ?? 30;
}
