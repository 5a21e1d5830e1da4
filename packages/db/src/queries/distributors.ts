import { and, eq, sql, type SQL } from "drizzle-orm";
import { differentialBonus } from "../../../commission/src/engine";
import { teamBonusActive } from "../../../commission/src/config";
import { AppError } from "../../../core/src/errors";
import { maskName, maskPhone } from "../../../core/src/mask";
import { progressToNext, type Metrics } from "../../../levels/src";
import { rowsOf, type Tx } from "../client";
import { commissions, distributionFlags, distributors, levelChanges, type DistributorStatus } from "../schema";
import { writeAudit } from "./audit";
import { getProgramme, previewCommission } from "./distribution-settings";
import { reattachTeam } from "./referrals";
import { clawbackPostings, postTransfers, type Claw } from "./ledger";


/**
 * The month (its first day, a date) a moment falls in, in a time zone: how
 * sales are bucketed everywhere (rollups, team sales entries, bonuses).
 */
export const monthOf = (moment: SQL, timeZone: SQL) => sql`date_trunc('month', ${moment} at time zone ${timeZone})::date`;

/** The first day of the tenant's current month (its time zone). */
export const currentMonth = (tenantId: string) => monthOf(sql`now()`, sql`(select time_zone from tenants where id = ${tenantId})`);

/**
 * `col` falls in the month starting `month` (YYYY-MM-DD) in time zone `tz`:
 * bounds the planner can use (a time zone looked up inside them, or
 * date_trunc over the column, hid the range from it).
 */
const inMonth = (col: string, month: string, tz: string) =>
  sql`${sql.raw(col)} >= (${month}::date::timestamp at time zone ${tz}::text) and ${sql.raw(col)} < ((${month}::date + interval '1 month')::timestamp at time zone ${tz}::text)`;

const timeZoneOf = async (tx: Tx, tenantId: string) => rowsOf<{ tz: string }>(await tx.execute(sql`select time_zone as tz from tenants where id = ${tenantId}`))[0]!.tz;

/** What refunds and reviews took back of the commission aliased `k` (0 when nothing). */
export const reversedOf = (k: string) =>
  sql.raw(`coalesce((select sum(r.amount_fen) from commission_reversals r where r.tenant_id = ${k}.tenant_id and r.commission_id = ${k}.id), 0)`);

/* ------------------------------------------------------------ console reads */

export type DistributorRow = {
  userId: string;
  name: string;
  phone: string | null;
  code: string;
  level: number;
  status: DistributorStatus;
  joinedAt: string;
  referrerName: string | null;
  direct: number;
  teamSalesFen: number;
  pendingFen: number;
  openFlags: number;
};

/**
 * The console's distributor list. Phones come whole only to staff who manage
 * distributors (`revealPhones`); everyone else gets them masked, here and
 * not in the page, so the API itself never hands them out.
 */
export async function listDistributors(
  tx: Tx,
  tenantId: string,
  f: { q?: string | null; status?: DistributorStatus | null; limit: number; offset: number; revealPhones: boolean },
) {
  const conds = [sql`d.tenant_id = ${tenantId}`];
  if (f.status) conds.push(sql`d.status = ${f.status}`);
  if (f.q) {
    // Phone digits are searchable only by those who see phones whole: a masked list plus a digit search would reveal them.
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(u.name ilike ${like} ${f.revealPhones ? sql`or u.phone like ${like}` : sql``} or d.code = upper(${f.q}))`);
  }
  const where = sql.join(conds, sql` and `);
  const rows = rowsOf<DistributorRow>(
    await tx.execute(sql`
      select d.user_id as "userId", u.name, u.phone, d.code, d.level, d.status, d.created_at as "joinedAt",
             ru.name as "referrerName",
             (select count(*)::int from referral_bindings c where c.tenant_id = d.tenant_id and c.referrer_id = d.user_id) as direct,
             coalesce((select team_sales_fen from distributor_month_stats s where s.tenant_id = d.tenant_id and s.user_id = d.user_id and s.month = ${currentMonth(tenantId)}), 0)::bigint as "teamSalesFen",
             coalesce((select sum(k.amount_fen - ${reversedOf("k")})
                         from commissions k where k.tenant_id = d.tenant_id and k.beneficiary_id = d.user_id and k.status = 'pending'), 0)::bigint as "pendingFen",
             (select count(*)::int from distribution_flags g where g.tenant_id = d.tenant_id and g.user_id = d.user_id and g.status = 'open') as "openFlags"
        from distributors d
        join users u on u.id = d.user_id
        left join referral_bindings b on b.tenant_id = d.tenant_id and b.user_id = d.user_id
        left join users ru on ru.id = b.referrer_id
       where ${where}
       order by d.created_at desc, d.user_id
       limit ${f.limit} offset ${f.offset}`),
  );
  const [total] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from distributors d join users u on u.id = d.user_id where ${where}`));
  const counts = Object.fromEntries(
    rowsOf<{ status: string; n: number }>(await tx.execute(sql`select status, count(*)::int as n from distributors where tenant_id = ${tenantId} group by status`)).map((r) => [r.status, r.n]),
  ) as Partial<Record<DistributorStatus, number>>;
  return {
    rows: rows.map((r) => ({ ...r, phone: f.revealPhones ? r.phone : maskPhone(r.phone), teamSalesFen: Number(r.teamSalesFen), pendingFen: Number(r.pendingFen) })),
    total: total?.n ?? 0,
    counts,
  };
}

export type TeamNode = { userId: string; name: string; isDistributor: boolean; level: number | null; code: string | null; depth: number; direct: number; teamSize: number };

/**
 * The members directly under `rootId` (or the top of the tree when null),
 * each with their direct count and whole team size (any depth, from the
 * path index): the console's tree view expands one level at a time.
 */
export async function teamChildren(tx: Tx, tenantId: string, rootId: string | null, limit = 200): Promise<TeamNode[]> {
  const rows = rowsOf<TeamNode>(
    await tx.execute(sql`
      select x.user_id as "userId", u.name, d.user_id is not null and d.status = 'active' as "isDistributor", d.level, d.code, 1 as depth,
             (select count(*)::int from referral_bindings c where c.tenant_id = ${tenantId} and c.referrer_id = x.user_id) as direct,
             (select count(*)::int from app_private.downline(x.user_id)) as "teamSize"
        from ${
          rootId
            ? sql`(select user_id from referral_bindings where tenant_id = ${tenantId} and referrer_id = ${rootId}) x`
            : sql`(select d.user_id from distributors d where d.tenant_id = ${tenantId} and d.status <> 'rejected'
                     and not exists (select 1 from referral_bindings b where b.tenant_id = d.tenant_id and b.user_id = d.user_id)) x`
        }
        join users u on u.id = x.user_id
        left join distributors d on d.tenant_id = ${tenantId} and d.user_id = x.user_id
       order by 6 desc nulls last, u.name
       limit ${limit}`),
  );
  return rows;
}

/** A distributor's team by depth (1 = direct), masked: what the distributor sees (§4, §8.2). */
export async function myTeam(tx: Tx, tenantId: string, userId: string, depth: number, limit = 100) {
  const rows = rowsOf<{ userId: string; name: string; phone: string | null; level: number | null; isDistributor: boolean; boundAt: string }>(
    await tx.execute(sql`
      select b.user_id as "userId", u.name, u.phone, d.level, d.user_id is not null and d.status = 'active' as "isDistributor", b.bound_at as "boundAt"
        from app_private.downline(${userId}::uuid) b
        join users u on u.id = b.user_id
        left join distributors d on d.tenant_id = ${tenantId} and d.user_id = b.user_id
       where b.depth = ${depth}
       order by b.bound_at desc
       limit ${limit}`),
  );
  const counts = rowsOf<{ depth: number; n: number }>(
    await tx.execute(sql`
      select b.depth, count(*)::int as n from app_private.downline(${userId}::uuid) b group by 1 order by 1`),
  );
  return {
    depth,
    members: rows.map((r) => ({ name: maskName(r.name), phone: maskPhone(r.phone), level: r.level, isDistributor: r.isDistributor, boundAt: r.boundAt })),
    byDepth: counts,
  };
}

/* ------------------------------------------------------------ console writes */

export type DistributorAction = "approve" | "reject" | "suspend" | "reinstate" | "approveExit" | "refuseExit";

const MOVES: Record<DistributorAction, { from: DistributorStatus[]; to: DistributorStatus }> = {
  approve: { from: ["pending"], to: "active" },
  reject: { from: ["pending"], to: "rejected" },
  suspend: { from: ["active", "exit_requested"], to: "suspended" },
  reinstate: { from: ["suspended"], to: "active" },
  approveExit: { from: ["exit_requested"], to: "left" },
  refuseExit: { from: ["exit_requested"], to: "active" },
};

/** Nobody decides on their own distributor record: their flag, level, application or exit (PRODUCT.md §8.3). */
function assertNotSelf(actorUserId: string, subjectUserId: string) {
  if (actorUserId === subjectUserId) throw new AppError("FORBIDDEN", "distribution.selfDecision");
}

/** Application decisions, suspension and exit approval: audited; an exit re-attaches the team. */
export async function decideDistributor(tx: Tx, tenantId: string, actorUserId: string, userId: string, action: DistributorAction) {
  assertNotSelf(actorUserId, userId);
  const [d] = await tx.select().from(distributors).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId))).for("update");
  if (!d) throw new AppError("NOT_FOUND", "notFound");
  const move = MOVES[action];
  if (!move.from.includes(d.status)) throw new AppError("CONFLICT", "distribution.illegalMove", { status: d.status, action });
  await tx.update(distributors).set({ status: move.to, decidedBy: actorUserId, decidedAt: sql`now()` }).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId)));
  if (action === "approveExit") await reattachTeam(tx, tenantId, userId);
  await writeAudit(tx, { tenantId, actorUserId, action: `distribution.${action}`, target: `distributor:${userId}`, before: { status: d.status }, after: { status: move.to } });
  return { status: move.to };
}

/** A person sets a level by hand: recorded in level_changes with the note and in the audit log. */
export async function setLevelManually(tx: Tx, tenantId: string, actorUserId: string, userId: string, level: number, note: string) {
  assertNotSelf(actorUserId, userId);
  const [d] = await tx.select().from(distributors).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId))).for("update");
  if (!d) throw new AppError("NOT_FOUND", "notFound");
  if (d.level === level) return { level };
  await tx.update(distributors).set({ level }).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId)));
  await tx.insert(levelChanges).values({ tenantId, userId, fromLevel: d.level, toLevel: level, reason: { kind: "manual", note }, actorId: actorUserId });
  await writeAudit(tx, { tenantId, actorUserId, action: "distribution.level", target: `distributor:${userId}`, before: { level: d.level }, after: { level, note } });
  return { level };
}

export async function listFlags(tx: Tx, tenantId: string, status: "open" | "cleared" | "confirmed") {
  return rowsOf<{ id: string; userId: string; name: string; kind: string; orderId: string | null; orderNo: string | null; detail: Record<string, string | number>; createdAt: string; heldFen: number }>(
    await tx.execute(sql`
      select g.id, g.user_id as "userId", u.name, g.kind, g.order_id as "orderId", o.no as "orderNo", g.detail, g.created_at as "createdAt",
             coalesce((select sum(k.amount_fen) from commissions k where k.tenant_id = g.tenant_id and k.order_id = g.order_id and k.beneficiary_id = g.user_id and k.status = 'held'), 0)::int as "heldFen"
        from distribution_flags g
        join users u on u.id = g.user_id
        left join orders o on o.tenant_id = g.tenant_id and o.id = g.order_id
       where g.tenant_id = ${tenantId} and g.status = ${status}
       order by g.created_at desc limit 200`),
  );
}

/**
 * A person reviews a flag: cleared releases the held commission of that
 * order (pending again); confirmed reverses it in full. Audited.
 */
export async function decideFlag(tx: Tx, tenantId: string, actorUserId: string, flagId: string, decision: "clear" | "confirm") {
  const [g] = await tx.select().from(distributionFlags).where(and(eq(distributionFlags.tenantId, tenantId), eq(distributionFlags.id, flagId))).for("update");
  if (!g) throw new AppError("NOT_FOUND", "notFound");
  assertNotSelf(actorUserId, g.userId);
  if (g.status !== "open") throw new AppError("CONFLICT", "distribution.flagDecided");
  const commissionsOfFlag = async () =>
    g.orderId
      ? rowsOf<{ id: string; status: string; netFen: number }>(
          await tx.execute(sql`select c.id, c.status, (c.amount_fen - ${reversedOf("c")})::int as "netFen" from commissions c
                                where c.tenant_id = ${tenantId} and c.order_id = ${g.orderId} and c.beneficiary_id = ${g.userId} order by c.id`),
        )
      : [];
  const beforeCommissions = await commissionsOfFlag();
  await tx.update(distributionFlags).set({ status: decision === "clear" ? "cleared" : "confirmed", reviewedBy: actorUserId, reviewedAt: sql`now()` }).where(and(eq(distributionFlags.tenantId, tenantId), eq(distributionFlags.id, flagId)));
  if (g.orderId) {
    const otherOpen = sql`not exists (select 1 from distribution_flags o where o.tenant_id = ${tenantId} and o.order_id = ${g.orderId} and o.user_id = ${g.userId} and o.status = 'open' and o.id <> ${flagId})`;
    if (decision === "clear") {
      await tx.execute(sql`update commissions set status = 'pending', updated_at = now()
                            where tenant_id = ${tenantId} and order_id = ${g.orderId} and beneficiary_id = ${g.userId} and status = 'held' and ${otherOpen}`);
    } else {
      const claws = rowsOf<Claw>(
        await tx.execute(sql`
          with k as (
            select c.id, c.line_id, c.amount_fen - ${reversedOf("c")} as left_fen
              from commissions c where c.tenant_id = ${tenantId} and c.order_id = ${g.orderId} and c.beneficiary_id = ${g.userId} and c.status <> 'reversed'
          ), ins as (
            insert into commission_reversals (tenant_id, commission_id, cause, base_fen, amount_fen)
            select ${tenantId}, id, ${`review:${flagId}`}, 0, left_fen from k where left_fen > 0
            on conflict do nothing returning commission_id, cause, amount_fen
          ), upd as (
            update commissions set status = 'reversed', updated_at = now() where tenant_id = ${tenantId} and id in (select id from k) returning 1
          )
          select ins.commission_id::text as "commissionId", ins.cause, ins.amount_fen::int as "amountFen", ${g.userId}::text as "userId", k.line_id::text as "lineId"
            from ins join k on k.id = ins.commission_id`),
      );
      // The confirmed violation's commission leaves the distributor's pending too.
      await postTransfers(tx, tenantId, await clawbackPostings(tx, tenantId, claws));
    }
  }
  await writeAudit(tx, {
    tenantId,
    actorUserId,
    action: `distribution.flag.${decision}`,
    target: `flag:${flagId}`,
    before: { status: "open", userId: g.userId, orderId: g.orderId, commissions: beforeCommissions },
    after: { status: decision === "clear" ? "cleared" : "confirmed", userId: g.userId, orderId: g.orderId, commissions: await commissionsOfFlag() },
  });
  if (decision === "confirm") return { suspended: await suspendRepeatOffender(tx, tenantId, actorUserId, g.userId) };
  return { suspended: false };
}

/** Confirmed violations from which a distributor is suspended (PRODUCT.md §4.10: repeated violations). */
export const SUSPEND_AFTER_CONFIRMED_FLAGS = 3;

async function suspendRepeatOffender(tx: Tx, tenantId: string, actorUserId: string, userId: string): Promise<boolean> {
  const [r] = rowsOf<{ n: number }>(
    await tx.execute(sql`select count(*)::int as n from distribution_flags where tenant_id = ${tenantId} and user_id = ${userId} and status = 'confirmed'`),
  );
  if ((r?.n ?? 0) < SUSPEND_AFTER_CONFIRMED_FLAGS) return false;
  const [d] = await tx
    .update(distributors)
    .set({ status: "suspended", decidedBy: actorUserId, decidedAt: sql`now()` })
    .where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId), sql`${distributors.status} in ('active', 'exit_requested')`))
    .returning();
  if (!d) return false;
  await writeAudit(tx, { tenantId, actorUserId, action: "distribution.suspend", target: `distributor:${userId}`, after: { status: "suspended", reason: "repeated_violations", confirmedFlags: r!.n } });
  return true;
}

export async function listCommissions(tx: Tx, tenantId: string, f: { beneficiaryId?: string | null; orderId?: string | null; status?: string | null; limit: number; offset: number }) {
  const conds = [sql`k.tenant_id = ${tenantId}`];
  if (f.beneficiaryId) conds.push(sql`k.beneficiary_id = ${f.beneficiaryId}`);
  if (f.orderId) conds.push(sql`k.order_id = ${f.orderId}`);
  if (f.status) conds.push(sql`k.status = ${f.status}`);
  const rows = rowsOf<{
    id: string;
    orderId: string;
    orderNo: string;
    productName: string;
    beneficiaryId: string;
    name: string;
    kind: string;
    amountFen: number;
    reversedFen: number;
    status: string;
    /** Settled by the daily run: its money is available (packages/db/src/flows/settlement.ts). */
    settled: boolean;
    reason: (typeof commissions.$inferSelect)["reason"];
    createdAt: string;
    /** Why the order is attributed (link, qr, binding), and whether to this beneficiary (their own referral). */
    attribution: "link" | "qr" | "binding" | null;
    attributedToBeneficiary: boolean;
  }>(
    await tx.execute(sql`
      select k.id, k.order_id as "orderId", o.no as "orderNo", l.product_name as "productName", k.beneficiary_id as "beneficiaryId", u.name,
             k.kind, k.amount_fen as "amountFen",
             ${reversedOf("k")}::int as "reversedFen",
             k.status, k.settled_at is not null as settled, k.reason, k.created_at as "createdAt",
             o.attribution, coalesce(o.attributed_to = k.beneficiary_id, false) as "attributedToBeneficiary"
        from commissions k
        join orders o on o.tenant_id = k.tenant_id and o.id = k.order_id
        join order_lines l on l.tenant_id = k.tenant_id and l.id = k.line_id
        join users u on u.id = k.beneficiary_id
       where ${sql.join(conds, sql` and `)}
       order by k.created_at desc, k.kind
       limit ${f.limit} offset ${f.offset}`),
  );
  return rows;
}

/* ------------------------------------------------------------ distributor's own */

export async function myDistribution(tx: Tx, tenantId: string, userId: string) {
  const { programme, levels } = await getProgramme(tx, tenantId);
  const [d] = await tx.select().from(distributors).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId)));
  const [binding] = rowsOf<{ name: string }>(
    await tx.execute(sql`select u.name from referral_bindings b join users u on u.id = b.referrer_id where b.tenant_id = ${tenantId} and b.user_id = ${userId}`),
  );
  const base = { joinMode: programme.joinMode, referrer: binding ? maskName(binding.name) : null, levels: levels.map((l) => ({ level: l.level, name: l.name })) };
  if (!d) return { ...base, distributor: null };
  const [m] = rowsOf<{ personal: number; team: number; direct: number; teamSize: number }>(
    await tx.execute(sql`
      select coalesce(s.personal_sales_fen, 0)::bigint as personal, coalesce(s.team_sales_fen, 0)::bigint as team,
             (select count(*)::int from referral_bindings c where c.tenant_id = ${tenantId} and c.referrer_id = ${userId}) as direct,
             (select count(*)::int from app_private.downline(${userId}::uuid)) as "teamSize"
        from (select 1) one
        left join distributor_month_stats s on s.tenant_id = ${tenantId} and s.user_id = ${userId} and s.month = ${currentMonth(tenantId)}`),
  );
  const metrics: Metrics = { personalSalesFen: Number(m!.personal), directReferrals: m!.direct, teamSalesFen: Number(m!.team) };
  // Net per status, and everything taken back, in one pass over the distributor's commissions.
  const sums = rowsOf<{ status: string; net: number | string; reversed: number | string }>(
    await tx.execute(sql`
      select case when k.status = 'pending' and k.settled_at is not null then 'settled' else k.status end as status,
             sum(k.amount_fen - ${reversedOf("k")})::bigint as net, sum(${reversedOf("k")})::bigint as reversed
        from commissions k where k.tenant_id = ${tenantId} and k.beneficiary_id = ${userId} group by 1`),
  );
  const net = (status: string) => Number(sums.find((r) => r.status === status)?.net ?? 0);
  const reversedFen = sums.reduce((t, r) => t + Number(r.reversed), 0);
  return {
    ...base,
    distributor: { code: d.code, level: d.level, status: d.status, joinedAt: d.joinedAt },
    metrics,
    teamSize: m!.teamSize,
    progress: progressToNext(levels, d.level, metrics),
    // Pending is what the daily settlement has not made available yet (as the ledger's pending account); settled, what it has.
    totals: { pendingFen: net("pending"), settledFen: net("settled"), heldFen: net("held"), reversedFen },
  };
}

/**
 * "Share and earn N": what this distributor would earn as the direct referrer
 * on one unit of an on-sale product at its lowest price; null when they are
 * not an active distributor.
 */
export async function shareEarnings(tx: Tx, tenantId: string, userId: string, productId: string) {
  const [me] = await tx
    .select({ level: distributors.level, code: distributors.code })
    .from(distributors)
    .where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId), eq(distributors.status, "active")));
  if (!me) return null;
  const r = await previewCommission(tx, tenantId, { productId, onSale: true, quantity: 1, buyerLevel: null, uplineLevels: [me.level] });
  if (!r) throw new AppError("NOT_FOUND", "notFound");
  return { code: me.code, amountFen: r.commissions[0]?.amountFen ?? 0, priceFen: r.product.priceFen };
}

/** The distributor asks to leave: a person approves it (then the team moves up). */
export async function requestExit(tx: Tx, tenantId: string, userId: string) {
  const [d] = await tx.update(distributors).set({ status: "exit_requested" }).where(and(eq(distributors.tenantId, tenantId), eq(distributors.userId, userId), eq(distributors.status, "active"))).returning();
  if (!d) throw new AppError("CONFLICT", "distribution.notActive");
  return { status: d.status };
}

/* ------------------------------------------------------------ monthly team bonus */

/**
 * The team management bonus of a closed month (PRODUCT.md §4.6): every
 * distributor whose team sales that month reached the threshold qualifies;
 * each sale pays the bonus rate once, to the nearest qualifying holder in
 * its chain (differential, 级差: a higher holder earns only the difference
 * over the rate already paid below, which with one rate is nothing). Written
 * once per (distributor, month); a second run adds nothing.
 */
export async function computeTeamBonuses(tx: Tx, tenantId: string, month: string): Promise<number> {
  const [open] = rowsOf<{ open: boolean }>(await tx.execute(sql`select ${month}::date >= ${currentMonth(tenantId)} as open`));
  if (open?.open) throw new AppError("BAD_REQUEST", "distribution.monthOpen", { month }, "month");
  const amounts = await teamBonusAmounts(tx, tenantId, month);
  if (!amounts) return 0;
  const rows = [...amounts.earned.entries()].filter(([, e]) => e.amount > 0);
  if (!rows.length) return 0;
  const [r] = rowsOf<{ n: number }>(
    await tx.execute(sql`
      with ins as (
        insert into team_bonuses (tenant_id, user_id, month, team_sales_fen, amount_fen, reason)
        select ${tenantId}, x.user_id, ${month}::date, x.team, x.amount, jsonb_build_object('rateBps', ${amounts.rateBps}::int, 'thresholdFen', ${amounts.thresholdFen}::bigint, 'baseFen', x.base, 'differentialFen', x.team - x.base)
          from jsonb_to_recordset(${JSON.stringify(rows.map(([u, e]) => ({ user_id: u, team: amounts.qualified.get(u)!, amount: e.amount, base: e.base })))}::jsonb)
               as x(user_id uuid, team bigint, amount int, base bigint)
        on conflict (tenant_id, user_id, month) do nothing returning 1)
      select count(*)::int as n from ins`),
  );
  return r?.n ?? 0;
}

/**
 * The month's team bonus as it stands now (sales net of every refund so far), per distributor, without writing
 * it: what the month close records, and what bonus day compares with what it paid. Null when the programme has
 * no team bonus.
 */
export async function teamBonusAmounts(tx: Tx, tenantId: string, month: string) {
  const { programme } = await getProgramme(tx, tenantId);
  if (!teamBonusActive(programme)) return null;
  const { thresholdFen, rateBps } = programme.teamBonus;
  const qualified = new Map(
    rowsOf<{ user_id: string; team: number }>(
      // Only distributors still earning (not suspended, not gone): one who is not neither takes a share nor blocks those above.
      await tx.execute(sql`select s.user_id, s.team_sales_fen as team from distributor_month_stats s
                             join distributors d on d.tenant_id = s.tenant_id and d.user_id = s.user_id and d.status in ('active', 'exit_requested')
                            where s.tenant_id = ${tenantId} and s.month = ${month}::date and s.team_sales_fen >= ${thresholdFen}`),
    ).map((r) => [r.user_id, Number(r.team)]),
  );
  const earned = new Map<string, { base: number; amount: number }>();
  if (!qualified.size) return { thresholdFen, rateBps, qualified, earned };
  const sales = rowsOf<{ chain: string[]; fen: number }>(
    await tx.execute(sql`
      select u.chain, sum(l.line_total_fen - l.refunded_fen)::bigint as fen
        from order_uplines u
        join orders o on o.tenant_id = u.tenant_id and o.id = u.order_id
        join order_lines l on l.tenant_id = o.tenant_id and l.order_id = o.id
       where u.tenant_id = ${tenantId} and ${inMonth("o.paid_at", month, await timeZoneOf(tx, tenantId))}
         and u.chain && ${`{${[...qualified.keys()].join(",")}}`}::uuid[]
       group by u.chain`),
  );
  for (const s of sales) {
    const holders = s.chain.filter((c) => qualified.has(c)).map((userId) => ({ userId, rateBps }));
    for (const b of differentialBonus(Number(s.fen), holders)) {
      const e = earned.get(b.userId) ?? { base: 0, amount: 0 };
      e.base += Number(s.fen);
      e.amount += b.amountFen;
      earned.set(b.userId, e);
    }
  }
  return { thresholdFen, rateBps, qualified, earned };
}

/** A person runs the bonus of a closed month from the console: who did it, and the month's bonuses before and after, are audited. */
export async function runTeamBonuses(tx: Tx, tenantId: string, actorUserId: string, month: string): Promise<number> {
  const totals = async () =>
    rowsOf<{ count: number; amountFen: number }>(
      await tx.execute(sql`select count(*)::int as count, coalesce(sum(amount_fen), 0)::bigint as "amountFen" from team_bonuses where tenant_id = ${tenantId} and month = ${month}::date`),
    ).map((r) => ({ count: r.count, amountFen: Number(r.amountFen) }))[0]!;
  const before = await totals();
  const created = await computeTeamBonuses(tx, tenantId, month);
  await writeAudit(tx, { tenantId, actorUserId, action: "distribution.bonus.run", target: `bonus:${month.slice(0, 7)}`, before, after: { ...(await totals()), created } });
  return created;
}

export async function listBonuses(tx: Tx, tenantId: string, month?: string | null) {
  return rowsOf<{ userId: string; name: string; month: string; teamSalesFen: number; amountFen: number; reason: { rateBps: number; thresholdFen: number; baseFen: number; differentialFen: number } }>(
    await tx.execute(sql`
      select b.user_id as "userId", u.name, to_char(b.month, 'YYYY-MM') as month, b.team_sales_fen::bigint as "teamSalesFen", b.amount_fen as "amountFen", b.reason
        from team_bonuses b join users u on u.id = b.user_id
       where b.tenant_id = ${tenantId} ${month ? sql`and b.month = ${month}::date` : sql``}
       order by b.month desc, b.amount_fen desc limit 200`),
  );
}

/** A distributor's team sales of a month (first day, YYYY-MM-DD) from the rollups: one primary-key read. */
export async function teamSalesFromRollup(tx: Tx, tenantId: string, userId: string, month: string): Promise<number> {
  const [r] = rowsOf<{ fen: number | string }>(
    await tx.execute(sql`select team_sales_fen as fen from distributor_month_stats where tenant_id = ${tenantId} and user_id = ${userId} and month = ${month}::date`),
  );
  return Number(r?.fen ?? 0);
}

/**
 * A distributor's team sales of a month recomputed without the rollups: the
 * sum of the team sales entries that their team's orders wrote for them when
 * paid and refunded (schema team_sales_entries: written by the order's own
 * transactions, not by the outbox consumer that keeps the rollups), so one
 * primary-key range. `month` is its first day, YYYY-MM-DD. `orders` counts
 * the paid orders.
 */
export async function recomputeTeamSales(tx: Tx, tenantId: string, userId: string, month: string): Promise<{ fen: number; orders: number }> {
  const [r] = rowsOf<{ fen: number | string; orders: number }>(await tx.execute(recomputeTeamSalesSql(tenantId, userId, month)));
  return { fen: Number(r?.fen ?? 0), orders: r?.orders ?? 0 };
}

/** The recomputation statement (for EXPLAIN in the bench). */
export const recomputeTeamSalesSql = (tenantId: string, userId: string, month: string) => sql`
  select coalesce(sum(e.sales_fen), 0)::bigint as fen, (count(*) filter (where e.entry = 'paid'))::int as orders
    from team_sales_entries e
   where e.tenant_id = ${tenantId} and e.member_id = ${userId} and e.month = ${month}::date`;

/**
 * The same figure from the orders themselves: the paid orders whose captured
 * chain contains the distributor, their lines less what was refunded of them.
 * It proves the entries (tests; the bench's untimed check), but costs a scan
 * of the tenant's captured chains: under row-level security the GIN index on
 * order_uplines.chain cannot be used (array @> is not leakproof, so it may
 * not run before the tenant policy), ~110 ms for a 100,000-person team at 1M
 * distributors. The month's bounds come from the time zone as a parameter.
 */
export async function teamSalesFromOrders(tx: Tx, tenantId: string, userId: string, month: string, timeZone?: string): Promise<{ fen: number; orders: number }> {
  const tz = timeZone ?? (await timeZoneOf(tx, tenantId));
  const [r] = rowsOf<{ fen: number | string; orders: number }>(
    await tx.execute(sql`
      select coalesce(sum(o.subtotal_fen - case when o.refunded_fen > 0
                                                then (select coalesce(sum(l.refunded_fen), 0) from order_lines l where l.tenant_id = o.tenant_id and l.order_id = o.id)
                                                else 0 end), 0)::bigint as fen,
             count(*)::int as orders
        from order_uplines u
        join orders o on o.tenant_id = u.tenant_id and o.id = u.order_id
       where u.tenant_id = ${tenantId} and u.chain @> array[${userId}::uuid] and ${inMonth("o.paid_at", month, tz)}`),
  );
  return { fen: Number(r?.fen ?? 0), orders: r?.orders ?? 0 };
}
