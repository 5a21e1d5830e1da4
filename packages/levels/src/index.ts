import { AppError } from "../../core/src/errors";
import type { ShopRights } from "../../decoration/src/personal-shop";

/**
 * Distributor levels (PRODUCT.md §4.8): five by default, each with promotion
 * criteria (monthly personal sales, direct referrals, monthly team sales).
 * Pure: the caller supplies the metrics (from the issue-4 rollups).
 */
export const CRITERIA = ["personalSalesFen", "directReferrals", "teamSalesFen"] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Metrics = Record<Criterion, number>;

export type LevelDef = {
  level: number;
  key: string;
  /** All criteria must be met to hold the level; level 1 needs nothing. */
  criteria: Metrics;
  /** What a distributor of this level may change on their personal shop (PRODUCT.md §6.3). */
  shop: ShopRights;
};

/** A level as the tenant configures it: criteria, privileges and its name in both languages. */
export type LevelConfig = LevelDef & { name: { "zh-CN": string; en: string } };

/** The defaults: VIP, Silver, Gold, Platinum, Diamond partner. */
export const DEFAULT_LEVELS: LevelDef[] = [
  { level: 1, key: "vip", criteria: { personalSalesFen: 0, directReferrals: 0, teamSalesFen: 0 }, shop: { banner: false, maxProducts: 0, colours: false } },
  { level: 2, key: "silver", criteria: { personalSalesFen: 100_000, directReferrals: 3, teamSalesFen: 500_000 }, shop: { banner: false, maxProducts: 0, colours: false } },
  { level: 3, key: "gold", criteria: { personalSalesFen: 300_000, directReferrals: 10, teamSalesFen: 2_000_000 }, shop: { banner: true, maxProducts: 8, colours: false } },
  { level: 4, key: "platinum", criteria: { personalSalesFen: 800_000, directReferrals: 30, teamSalesFen: 8_000_000 }, shop: { banner: true, maxProducts: 20, colours: true } },
  { level: 5, key: "diamond", criteria: { personalSalesFen: 2_000_000, directReferrals: 80, teamSalesFen: 30_000_000 }, shop: { banner: true, maxProducts: 30, colours: true } },
];

/**
 * A stored level read back: rows saved before per-level shop rights carry
 * only "may decorate" (canDecorate), which becomes a banner, 8 products and
 * the palette; no flag at all means the standard template.
 */
export function readLevel<T extends Omit<LevelDef, "shop"> & { shop?: ShopRights; canDecorate?: boolean }>(l: T): Omit<T, "canDecorate"> & { shop: ShopRights } {
  const { canDecorate, ...rest } = l;
  const shop = l.shop ?? (canDecorate ? { banner: true, maxProducts: 8, colours: true } : { banner: false, maxProducts: 0, colours: false });
  return { ...rest, shop };
}

/** Five levels numbered 1–5, level 1 free, every criterion non-decreasing upward: else a clear error. */
export function validateLevels(levels: LevelDef[]): LevelDef[] {
  if (levels.length !== 5 || levels.some((l, i) => l.level !== i + 1)) throw new AppError("BAD_REQUEST", "levels.count", {}, "levels");
  for (const l of levels) {
    for (const c of CRITERIA) {
      const v = l.criteria[c];
      if (!Number.isSafeInteger(v) || v < 0) throw new AppError("BAD_REQUEST", "levels.criterionRange", { level: l.level }, `levels.${l.level - 1}.${c}`);
    }
  }
  if (CRITERIA.some((c) => levels[0]!.criteria[c] !== 0)) throw new AppError("BAD_REQUEST", "levels.firstFree", {}, "levels.0");
  for (let i = 1; i < levels.length; i++) {
    for (const c of CRITERIA) {
      if (levels[i]!.criteria[c] < levels[i - 1]!.criteria[c]) throw new AppError("BAD_REQUEST", "levels.outOfOrder", { level: levels[i]!.level }, `levels.${i}.${c}`);
    }
  }
  return levels;
}

const meets = (m: Metrics, l: LevelDef) => CRITERIA.every((c) => m[c] >= l.criteria[c]);

/** The highest level whose criteria are all met (criteria are monotone, so levels are met from the bottom up). */
export function qualifiedLevel(levels: LevelDef[], m: Metrics): number {
  let best = 1;
  for (const l of levels) if (meets(m, l)) best = Math.max(best, l.level);
  return best;
}

export type Evaluation =
  | { change: "none"; level: number }
  | { change: "promote" | "demote"; from: number; level: number; reason: { metrics: Metrics; criteria: Metrics } };

/**
 * What a distributor's level should be now. Promotion whenever the criteria
 * of a higher level are met; demotion only when the merchant allows it and
 * only at month end (never mid-month), to the level the metrics still meet.
 */
export function evaluateLevel(levels: LevelDef[], current: number, m: Metrics, opts: { demotion: boolean; monthEnd: boolean }): Evaluation {
  const q = qualifiedLevel(levels, m);
  if (q > current) return { change: "promote", from: current, level: q, reason: { metrics: m, criteria: levels[q - 1]!.criteria } };
  if (q < current && opts.demotion && opts.monthEnd) return { change: "demote", from: current, level: q, reason: { metrics: m, criteria: levels[q - 1]!.criteria } };
  return { change: "none", level: current };
}

/** How far from the next level: each criterion not yet met, with what is missing. Null at the top. */
export function progressToNext(levels: LevelDef[], current: number, m: Metrics): { level: number; missing: { criterion: Criterion; need: number; have: number; short: number }[] } | null {
  const next = levels[current];
  if (!next) return null;
  const missing = CRITERIA.filter((c) => m[c] < next.criteria[c]).map((c) => ({ criterion: c, need: next.criteria[c], have: m[c], short: next.criteria[c] - m[c] }));
  return { level: next.level, missing };
}
