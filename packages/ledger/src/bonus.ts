import { z } from "zod";
import { addDays } from "./settlement";

/**
 * Bonus day (PRODUCT.md §4.6, §5.6): once a month, on the merchant's day
 * (default the 25th, in the shop's time zone), the month before is paid:
 * the team management bonus computed when that month closed, and rewards
 * for the month's top teams by team sales (the merchant sets the ranks and
 * amounts). Refunds after a month was paid are settled on the next bonus day
 * by paying (or taking back) the difference to the bonus as it stands then.
 */
export const BONUS_DAY_MAX = 28;
export const TOP_TEAMS_MAX = 100;

const fen = z.number({ error: "bonus.amount" }).int({ error: "bonus.amount" }).min(1, { error: "bonus.amount" }).max(100_000_000, { error: "bonus.amount" });

export const bonusRulesSchema = z.object({
  /** Day of the month (1–28, so that every month has it). */
  day: z.number({ error: "bonus.day" }).int({ error: "bonus.day" }).min(1, { error: "bonus.day" }).max(BONUS_DAY_MAX, { error: "bonus.day" }),
  /** Rewards by rank: ranks up to `upToRank` (after the tier before) get `amountFen` each; ascending, at most 10 tiers. */
  topTeams: z
    .array(z.object({ upToRank: z.number({ error: "bonus.rank" }).int({ error: "bonus.rank" }).min(1, { error: "bonus.rank" }).max(TOP_TEAMS_MAX, { error: "bonus.rank" }), amountFen: fen }))
    .max(10, { error: "bonus.tiers" })
    .refine((tiers) => tiers.every((t, i) => i === 0 || t.upToRank > tiers[i - 1]!.upToRank), { error: "bonus.tierOrder" }),
});
export type BonusRules = z.infer<typeof bonusRulesSchema>;

export const DEFAULT_BONUS_RULES: BonusRules = { day: 25, topTeams: [] };

/** The reward for a rank (1 = first), or 0 when the rules reward it nothing. */
export function rewardForRank(rank: number, rules: BonusRules): number {
  return rules.topTeams.find((t) => rank <= t.upToRank)?.amountFen ?? 0;
}

/**
 * The month's top teams and their rewards: teams ranked by team sales (more first; a tie keeps the order given,
 * the caller's stable tie-break), no sales no rank, as many as the rules reward.
 */
export function topTeamRewards<T extends { userId: string; teamSalesFen: number }>(teams: readonly T[], rules: BonusRules): (T & { rank: number; amountFen: number })[] {
  const last = rules.topTeams.at(-1)?.upToRank ?? 0;
  return teams
    .filter((t) => t.teamSalesFen > 0)
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.teamSalesFen - a.t.teamSalesFen || a.i - b.i)
    .slice(0, last)
    .map(({ t }, i) => ({ ...t, rank: i + 1, amountFen: rewardForRank(i + 1, rules) }))
    .filter((r) => r.amountFen > 0);
}

/** The first day (YYYY-MM) of the month before a local date's month. */
export function previousMonth(date: string): string {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
}

/** The month (YYYY-MM) a bonus day on local `date` pays, or null before the shop's day of this month. */
export function bonusMonthDue(date: string, rules: BonusRules): string | null {
  const day = Number(date.slice(8, 10));
  return day >= rules.day ? previousMonth(date) : null;
}

/** The shop's next bonus day on or after local `date` (YYYY-MM-DD). */
export function nextBonusDay(date: string, rules: BonusRules): string {
  const here = `${date.slice(0, 8)}${String(rules.day).padStart(2, "0")}`;
  if (here >= date) return here;
  const nextMonth = addDays(`${date.slice(0, 8)}01`, 32);
  return `${nextMonth.slice(0, 8)}${String(rules.day).padStart(2, "0")}`;
}

/** What bonus day pays to bring each person from what they were paid for a month to what is due now (never 0). */
export function bonusAdjustments(paid: ReadonlyMap<string, number>, due: ReadonlyMap<string, number>): { userId: string; deltaFen: number; paidFen: number; dueFen: number }[] {
  const users = new Set([...paid.keys(), ...due.keys()]);
  return [...users]
    .sort()
    .map((userId) => ({ userId, paidFen: paid.get(userId) ?? 0, dueFen: due.get(userId) ?? 0 }))
    .map((r) => ({ ...r, deltaFen: r.dueFen - r.paidFen }))
    .filter((r) => r.deltaFen !== 0);
}
