/**
 * Bonus day (PRODUCT.md §4.6, §5.6; the rules are pure, packages/ledger
 * bonus.ts): on the shop's day of the month (its time zone), the month before
 * is paid as ledger transfers straight to available: each distributor's team
 * bonus recorded when the month closed, and the rewards of the month's top
 * teams. The month before that is then brought up to date: its team bonus is
 * computed again on its sales net of every refund since, and the difference
 * to what was paid is paid, or taken back. Suspended distributors (and those
 * who left) are paid nothing new; a taking-back applies to everyone.
 *
 * One run per shop and month across servers (job runs); every transfer has
 * its own idempotency key, so a run that failed half-way and runs again pays
 * nothing twice.
 */
import { sql } from "drizzle-orm";
import { bonusAdjusted, bonusAdjustments, bonusMonthDue, bonusPaid, bonusRulesSchema, DEFAULT_BONUS_RULES, localDate, previousMonth, topTeamRewards, type BonusRules } from "../../../ledger/src";
import { rowsOf, type Db, type Tx } from "../client";
import { withContext, withTenant } from "../context";
import { postTransfers, type Posting } from "../queries/ledger";
import { teamBonusAmounts } from "../queries/distributors";
import { runOnce } from "./job-runs";

export type BonusDayResult = {
  month: string;
  teamBonuses: number;
  teamBonusFen: number;
  topTeams: number;
  topTeamFen: number;
  adjustedMonth: string;
  adjustments: number;
  adjustedFen: number;
  skippedSuspended: number;
};

const EARNING = new Set(["active", "exit_requested"]);

export async function bonusRulesOf(tx: Tx, tenantId: string): Promise<BonusRules> {
  const [row] = rowsOf<{ bonus_rules: unknown }>(await tx.execute(sql`select bonus_rules from distribution_settings where tenant_id = ${tenantId}`));
  if (!row) return DEFAULT_BONUS_RULES;
  const parsed = bonusRulesSchema.safeParse(row.bonus_rules);
  if (!parsed.success) throw new Error(`tenant ${tenantId}: bonus rules do not parse`);
  return parsed.data;
}

/** What each distributor has been paid as the team bonus of `month` (YYYY-MM): the first payment and every adjustment since. */
async function teamBonusPaid(tx: Tx, tenantId: string, month: string): Promise<Map<string, number>> {
  const rows = rowsOf<{ owner_id: string; fen: number | string }>(
    await tx.execute(sql`
      select a.owner_id::text, sum(e.amount_fen) as fen
        from ledger_transfers t
        join ledger_entries e on e.tenant_id = t.tenant_id and e.transfer_id = t.id
        join ledger_accounts a on a.tenant_id = e.tenant_id and a.id = e.account_id and a.kind = 'distributor_available'
       where t.tenant_id = ${tenantId} and t.kind = 'bonus' and t.memo->>'month' = ${month} and t.memo->>'bonus' in ('team', 'team-adjustment')
       group by a.owner_id`),
  );
  return new Map(rows.map((r) => [r.owner_id, Number(r.fen)]));
}

/** Pays bonus day `month` (the month being paid, YYYY-MM) for one shop; safe to run again (nothing is paid twice). */
export async function payBonusDay(db: Db, tenantId: string, month: string): Promise<BonusDayResult> {
  return withTenant(db, tenantId, async (tx) => {
    const rules = await bonusRulesOf(tx, tenantId);
    const status = new Map(
      rowsOf<{ user_id: string; status: string }>(await tx.execute(sql`select user_id::text, status from distributors where tenant_id = ${tenantId}`)).map((r) => [r.user_id, r.status]),
    );
    const earning = (u: string) => EARNING.has(status.get(u) ?? "");
    const out: BonusDayResult = { month, teamBonuses: 0, teamBonusFen: 0, topTeams: 0, topTeamFen: 0, adjustedMonth: previousMonth(`${month}-01`), adjustments: 0, adjustedFen: 0, skippedSuspended: 0 };
    const postings: Posting[] = [];

    // The team bonus recorded when the month closed.
    const bonuses = rowsOf<{ id: string; user_id: string; amount_fen: number }>(
      await tx.execute(sql`select id::text, user_id::text, amount_fen from team_bonuses where tenant_id = ${tenantId} and month = ${`${month}-01`}::date order by user_id`),
    );
    for (const b of bonuses) {
      if (!earning(b.user_id)) {
        out.skippedSuspended++;
        continue;
      }
      postings.push({ key: `bonus:team:${month}:${b.user_id}`, transfer: bonusPaid(b.user_id, b.amount_fen), refs: { memo: { bonus: "team", month, run: month, teamBonusId: b.id } } });
      out.teamBonuses++;
      out.teamBonusFen += b.amount_fen;
    }

    // The month's top teams (by team sales, ties by code), among distributors still earning.
    if (rules.topTeams.length) {
      const teams = rowsOf<{ userId: string; teamSalesFen: number; code: string }>(
        await tx.execute(sql`
          select s.user_id::text as "userId", s.team_sales_fen::bigint::float8 as "teamSalesFen", d.code
            from distributor_month_stats s
            join distributors d on d.tenant_id = s.tenant_id and d.user_id = s.user_id and d.status in ('active', 'exit_requested')
           where s.tenant_id = ${tenantId} and s.month = ${`${month}-01`}::date and s.team_sales_fen > 0
           order by s.team_sales_fen desc, d.code
           limit ${rules.topTeams.at(-1)!.upToRank}`),
      );
      for (const r of topTeamRewards(teams, rules)) {
        postings.push({ key: `bonus:top:${month}:${r.userId}`, transfer: bonusPaid(r.userId, r.amountFen), refs: { memo: { bonus: "top", month, run: month, rank: r.rank, teamSalesFen: r.teamSalesFen } } });
        out.topTeams++;
        out.topTeamFen += r.amountFen;
      }
    }

    // The month before, brought up to date with its refunds since it was paid.
    const prev = out.adjustedMonth;
    const [paidBefore, now] = [await teamBonusPaid(tx, tenantId, prev), await teamBonusAmounts(tx, tenantId, `${prev}-01`)];
    if (paidBefore.size) {
      const due = new Map([...(now?.earned ?? new Map<string, { amount: number }>()).entries()].map(([u, e]) => [u, e.amount]));
      for (const a of bonusAdjustments(paidBefore, due)) {
        // More for someone who no longer earns is not paid; less is taken back from anyone.
        if (a.deltaFen > 0 && !earning(a.userId)) continue;
        postings.push({
          key: `bonus:team-adjust:${prev}:${a.userId}:${month}`,
          transfer: bonusAdjusted(a.userId, a.deltaFen),
          refs: { memo: { bonus: "team-adjustment", month: prev, run: month, paidFen: a.paidFen, dueFen: a.dueFen } },
        });
        out.adjustments++;
        out.adjustedFen += a.deltaFen;
      }
    }
    await postTransfers(tx, tenantId, postings);
    return out;
  });
}

/**
 * Today's bonus days: every shop with a distribution programme whose local date has reached its bonus day pays
 * the month before, claimed once per shop and month across servers (a shop missed on its day is paid by the next
 * tick that sees the day has passed).
 */
export async function runBonusDays(db: Db, now = new Date()) {
  const shops = await withContext(db, {}, async (tx) => rowsOf<{ tenant_id: string }>(await tx.execute(sql`select tenant_id::text from app_private.distribution_tenants()`)));
  const results: { tenantId: string; month: string; ok: boolean; result?: BonusDayResult }[] = [];
  for (const s of shops) {
    const shop = await withTenant(db, s.tenant_id, async (tx) => {
      const [t] = rowsOf<{ time_zone: string }>(await tx.execute(sql`select time_zone from tenants where id = ${s.tenant_id}`));
      return { rules: await bonusRulesOf(tx, s.tenant_id), timeZone: t?.time_zone ?? "Asia/Shanghai" };
    }).catch((e) => {
      console.error(`[jobs] bonus rules of ${s.tenant_id}`, e);
      return null;
    });
    const month = shop ? bonusMonthDue(localDate(now, shop.timeZone), shop.rules) : null;
    if (!month) continue;
    const r = await runOnce(db, "ledger.bonus-day", `${s.tenant_id}:${month}`, () => payBonusDay(db, s.tenant_id, month));
    if (r.ran) results.push({ tenantId: s.tenant_id, month, ok: r.ok, ...(r.ok ? { result: r.result } : {}) });
  }
  const failed = results.filter((r) => !r.ok);
  if (failed.length) throw new Error(`bonus day failed for ${failed.length} shop(s): ${failed.map((f) => f.tenantId).join(", ")}`);
  return results;
}
