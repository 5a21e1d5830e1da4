import { AppError } from "../../core/src/errors";

/**
 * A tenant's commission plan (PRODUCT.md §4.3–4.7). Pure data, validated here
 * and again by the database (issue 4) — no more than three commission levels.
 */
export const MAX_COMMISSION_LEVELS = 3;
export const DISTRIBUTOR_LEVELS = 5;
export const BPS = 10_000;

/** A rate: a share of the paid line amount (basis points) or a fixed amount per unit (fen). */
export type Rate = { kind: "percent"; bps: number } | { kind: "fixed"; fenPerUnit: number };

export type Plan = {
  /** How many ancestors earn: 1, 2 or 3 (hard cap 3). */
  levels: number;
  /** rates[commission level − 1][distributor level − 1], in basis points. */
  rates: number[][];
  /** Per category and per product: one rate per commission level (overrides the table). */
  categoryOverrides: Record<string, Rate[]>;
  productOverrides: Record<string, Rate[]>;
  /** Share of a line's gross margin that commission may take (default 70%). */
  marginGuardBps: number;
  /** A distributor's own purchase earns level-1 commission for themselves. */
  selfPurchase: boolean;
};

/** PRODUCT.md defaults: 15% direct commission for the first level (rising with distributor level). */
export const DEFAULT_PLAN: Plan = {
  levels: 2,
  rates: [
    [1500, 1600, 1800, 2000, 2200],
    [500, 500, 600, 700, 800],
    [200, 200, 300, 300, 400],
  ],
  categoryOverrides: {},
  productOverrides: {},
  marginGuardBps: 7000,
  selfPurchase: false,
};

const bad = (key: string, params: Record<string, string | number> = {}, field?: string) => new AppError("BAD_REQUEST", key, params, field);

function checkRate(r: Rate, where: string) {
  if (r.kind === "percent") {
    if (!Number.isInteger(r.bps) || r.bps < 0 || r.bps > BPS) throw bad("commission.rateRange", { where }, where);
  } else if (!Number.isSafeInteger(r.fenPerUnit) || r.fenPerUnit < 0) throw bad("commission.fixedRange", { where }, where);
}

/**
 * Refuses a plan that breaks the rules: more than three levels, a rate outside
 * 0–100%, a missing row, a guard outside 0–100%. Throws AppError(BAD_REQUEST).
 */
export function validatePlan(plan: Plan): Plan {
  if (!Number.isInteger(plan.levels) || plan.levels < 1 || plan.levels > MAX_COMMISSION_LEVELS) throw bad("commission.tooManyLevels", { max: MAX_COMMISSION_LEVELS }, "levels");
  if (plan.rates.length < plan.levels) throw bad("commission.missingRates", {}, "rates");
  plan.rates.slice(0, plan.levels).forEach((row, l) => {
    if (row.length !== DISTRIBUTOR_LEVELS) throw bad("commission.missingRates", {}, `rates.${l}`);
    row.forEach((bps, d) => checkRate({ kind: "percent", bps }, `rates.${l}.${d}`));
  });
  for (const [scope, table] of [["category", plan.categoryOverrides], ["product", plan.productOverrides]] as const) {
    for (const [id, rates] of Object.entries(table)) {
      if (rates.length > MAX_COMMISSION_LEVELS) throw bad("commission.tooManyLevels", { max: MAX_COMMISSION_LEVELS }, `${scope}.${id}`);
      rates.forEach((r, l) => checkRate(r, `${scope}.${id}.${l}`));
    }
  }
  if (!Number.isInteger(plan.marginGuardBps) || plan.marginGuardBps < 0 || plan.marginGuardBps > BPS) throw bad("commission.guardRange", {}, "marginGuardBps");
  return plan;
}
