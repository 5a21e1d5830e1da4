import { BPS, MAX_COMMISSION_LEVELS, type Plan, type Rate } from "./plan";

/** One paid order line, as the commerce outbox reports it (order.paid). */
export type Line = {
  lineId: string;
  productId: string;
  categoryId: string | null;
  quantity: number;
  /** What the shopper actually paid for the line, excluding shipping (the commission base). */
  paidFen: number;
  unitCostFen: number;
};

/** The buyer, and their upline captured at order time: [direct referrer, next, …]. */
export type Buyer = { userId: string; distributorLevel: number | null };
export type Ancestor = { userId: string; distributorLevel: number };

export type RuleSource = "plan" | "category" | "product";

/** Why an amount is what it is, so the console can explain any commission. */
export type Reason = {
  source: RuleSource;
  commissionLevel: number;
  distributorLevel: number;
  rate: Rate;
  baseFen: number;
  /** Before the margin guard scaled it (equal to amountFen when it did not). */
  rawFen: number;
  selfPurchase: boolean;
};

export type Commission = { lineId: string; beneficiaryId: string; commissionLevel: number; amountFen: number; reason: Reason };

export type LineResult = {
  commissions: Commission[];
  /** The most the guard allows on this line, and whether it had to scale the amounts down. */
  guard: { marginFen: number; capFen: number; scaled: boolean };
};

/** The rate that applies: product override, else category override, else the plan's table. */
export function rateFor(plan: Plan, line: Pick<Line, "productId" | "categoryId">, commissionLevel: number, distributorLevel: number): { rate: Rate; source: RuleSource } {
  const p = plan.productOverrides[line.productId]?.[commissionLevel - 1];
  if (p) return { rate: p, source: "product" };
  const c = line.categoryId ? plan.categoryOverrides[line.categoryId]?.[commissionLevel - 1] : undefined;
  if (c) return { rate: c, source: "category" };
  const bps = plan.rates[commissionLevel - 1]?.[distributorLevel - 1] ?? 0;
  return { rate: { kind: "percent", bps }, source: "plan" };
}

/** Integer fen of a rate on a base, rounded down (the merchant keeps the fraction). */
export function applyRate(rate: Rate, baseFen: number, quantity: number): number {
  if (rate.kind === "percent") return Number((BigInt(baseFen) * BigInt(rate.bps)) / BigInt(BPS));
  return Math.min(baseFen, rate.fenPerUnit * quantity);
}

/**
 * Every commission one paid line pays, with its reason. Pure and
 * deterministic: integer fen, rounded down, never more than three
 * beneficiaries, the parts never above the base, and their sum never above
 * the margin guard's cap (if the rates would pay more, all parts are scaled
 * down in proportion, largest remainder, so the cap is met exactly).
 */
export function commissionsForLine(plan: Plan, line: Line, buyer: Buyer, upline: Ancestor[]): LineResult {
  const levels = Math.min(plan.levels, MAX_COMMISSION_LEVELS);
  const beneficiaries: { a: Ancestor; self: boolean }[] = [];
  if (plan.selfPurchase && buyer.distributorLevel !== null) beneficiaries.push({ a: { userId: buyer.userId, distributorLevel: buyer.distributorLevel }, self: true });
  for (const a of upline) {
    if (a.userId === buyer.userId) continue; // never one's own referrer (a cycle is refused at binding, too)
    beneficiaries.push({ a, self: false });
  }
  const chosen = beneficiaries.slice(0, levels);

  const marginFen = Math.max(0, line.paidFen - line.unitCostFen * line.quantity);
  const capFen = Number((BigInt(marginFen) * BigInt(plan.marginGuardBps)) / BigInt(BPS));

  const raw = chosen.map(({ a, self }, i) => {
    const commissionLevel = i + 1;
    const { rate, source } = rateFor(plan, line, commissionLevel, a.distributorLevel);
    const amount = Math.min(line.paidFen, applyRate(rate, line.paidFen, line.quantity));
    return { a, self, commissionLevel, rate, source, amount };
  });
  const total = raw.reduce((s, r) => s + r.amount, 0);
  const scaled = total > capFen;
  const amounts = scaled ? scaleTo(raw.map((r) => r.amount), capFen) : raw.map((r) => r.amount);

  const commissions = raw
    .map((r, i) => ({
      lineId: line.lineId,
      beneficiaryId: r.a.userId,
      commissionLevel: r.commissionLevel,
      amountFen: amounts[i]!,
      reason: {
        source: r.source,
        commissionLevel: r.commissionLevel,
        distributorLevel: r.a.distributorLevel,
        rate: r.rate,
        baseFen: line.paidFen,
        rawFen: r.amount,
        selfPurchase: r.self,
      },
    }))
    .filter((c) => c.amountFen > 0);
  return { commissions, guard: { marginFen, capFen, scaled } };
}

/** Scales parts down to sum exactly to `target` (≤ their sum), in proportion, largest remainder, ties to the earlier part. */
export function scaleTo(parts: number[], target: number): number[] {
  const sum = parts.reduce((a, b) => a + b, 0);
  if (sum <= target) return [...parts];
  if (target <= 0) return parts.map(() => 0);
  const T = BigInt(target);
  const S = BigInt(sum);
  const base = parts.map((p) => (BigInt(p) * T) / S);
  let left = Number(T - base.reduce((a, b) => a + b, 0n));
  const order = parts.map((p, i) => ({ i, r: (BigInt(p) * T) % S })).sort((x, y) => (x.r === y.r ? x.i - y.i : x.r > y.r ? -1 : 1));
  const out = base.map(Number);
  for (const { i } of order) {
    if (left === 0) break;
    out[i]! += 1;
    left -= 1;
  }
  return out;
}

/**
 * The largest total the plan could pay on one unit of a product (the worst
 * distributor level at every commission level), for the margin guard check.
 */
export function worstCaseFen(plan: Plan, product: { productId: string; categoryId: string | null; priceFen: number }): number {
  let total = 0;
  for (let l = 1; l <= Math.min(plan.levels, MAX_COMMISSION_LEVELS); l++) {
    let worst = 0;
    for (let d = 1; d <= 5; d++) worst = Math.max(worst, applyRate(rateFor(plan, product, l, d).rate, product.priceFen, 1));
    total += Math.min(product.priceFen, worst);
  }
  return total;
}

export type GuardViolation = { productId: string; name: string; worstFen: number; capFen: number };

/**
 * Products for which the plan could pay more than the allowed share of their
 * gross margin (PRODUCT.md §4.5), worst SKU of each. Empty: the plan is safe.
 */
export function marginGuardViolations(
  plan: Plan,
  products: { productId: string; name: string; categoryId: string | null; skus: { priceFen: number; costFen: number }[] }[],
): GuardViolation[] {
  const out: GuardViolation[] = [];
  for (const p of products) {
    let worst: GuardViolation | null = null;
    for (const s of p.skus) {
      const worstFen = worstCaseFen(plan, { productId: p.productId, categoryId: p.categoryId, priceFen: s.priceFen });
      const capFen = Number((BigInt(Math.max(0, s.priceFen - s.costFen)) * BigInt(plan.marginGuardBps)) / BigInt(BPS));
      if (worstFen > capFen && (!worst || worstFen - capFen > worst.worstFen - worst.capFen)) worst = { productId: p.productId, name: p.name, worstFen, capFen };
    }
    if (worst) out.push(worst);
  }
  return out;
}

/**
 * The team management bonus with differential (级差): walking up from the
 * buyer, each holder earns their rate minus the highest rate already paid
 * below them, on the base; a holder whose rate is not above what was paid
 * below earns nothing, so no rate is paid twice up the line.
 */
export function differentialBonus(baseFen: number, chain: { userId: string; rateBps: number }[]): { userId: string; rateBps: number; amountFen: number }[] {
  let paidBps = 0;
  const out: { userId: string; rateBps: number; amountFen: number }[] = [];
  for (const h of chain) {
    const extra = h.rateBps - paidBps;
    if (extra <= 0) continue;
    out.push({ userId: h.userId, rateBps: extra, amountFen: Number((BigInt(baseFen) * BigInt(extra)) / BigInt(BPS)) });
    paidBps = h.rateBps;
  }
  return out;
}
