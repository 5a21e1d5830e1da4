import { shopRightsSchema } from "../../decoration/src/personal-shop";
import { z } from "zod";
import { BPS, DEFAULT_PLAN, DISTRIBUTOR_LEVELS, MAX_COMMISSION_LEVELS, validatePlan, type Plan, type Rate } from "./plan";

/**
 * A tenant's distribution programme (PRODUCT.md §4) as the console edits it
 * and the database stores it (distribution_settings + commission_overrides).
 * Every message is a key under "errors" in messages/*.json.
 */
export const COMMISSION_STATUS_VALUES = ["pending", "held", "reversed"] as const;
/** A distributor's states: applied, active, suspended, asked to leave, left, application refused. */
export const DISTRIBUTOR_STATUSES = ["pending", "active", "suspended", "exit_requested", "left", "rejected"] as const;
export type DistributorStatus = (typeof DISTRIBUTOR_STATUSES)[number];

export const JOIN_MODES = ["open", "approval", "first_purchase"] as const;
export type JoinMode = (typeof JOIN_MODES)[number];
export const BINDING_RULES = ["first_touch", "last_touch"] as const;
export type BindingRule = (typeof BINDING_RULES)[number];

const bps = (key: string) => z.number({ error: key }).int({ error: key }).min(0, { error: key }).max(BPS, { error: key });
const fen = (key: string) => z.number({ error: key }).int({ error: key }).min(0, { error: key }).max(1_000_000_000_00, { error: key });

export const rateSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("percent"), bps: bps("commission.rateRange") }),
  z.object({ kind: z.literal("fixed"), fenPerUnit: fen("commission.fixedRange") }),
]);

export const teamBonusSchema = z.object({
  enabled: z.boolean(),
  /** Monthly team sales (fen) from which a distributor earns the bonus. */
  thresholdFen: fen("commission.thresholdRange"),
  /** The extra rate on team sales (default +5%), paid by differential (级差). */
  rateBps: bps("commission.rateRange"),
});
export type TeamBonus = z.infer<typeof teamBonusSchema>;

export const programmeSchema = z.object({
  joinMode: z.enum(JOIN_MODES),
  bindingRule: z.enum(BINDING_RULES),
  /** Last touch: a binding younger than this cannot be taken over. */
  protectionDays: z.number({ error: "distribution.protectionRange" }).int({ error: "distribution.protectionRange" }).min(1, { error: "distribution.protectionRange" }).max(365, { error: "distribution.protectionRange" }),
  selfPurchase: z.boolean(),
  /** Hard rule: 1, 2 or 3 (PRODUCT.md §4.3). */
  levels: z.number({ error: "commission.levelsChoice" }).int({ error: "commission.levelsChoice" }).min(1, { error: "commission.levelsChoice" }).max(MAX_COMMISSION_LEVELS, { error: "commission.levelsChoice" }),
  /** rates[commission level − 1][distributor level − 1] in basis points; always 3 rows of 5. */
  rates: z
    .array(z.array(bps("commission.rateRange")).length(DISTRIBUTOR_LEVELS, { error: "commission.missingRates" }), { error: "commission.missingRates" })
    .length(MAX_COMMISSION_LEVELS, { error: "commission.levelsChoice" }),
  marginGuardBps: bps("commission.guardRange"),
  teamBonus: teamBonusSchema,
  /** While a mini-program version is in WeChat review: no team-based pay. */
  reviewSafeMode: z.boolean(),
  /** Month-end demotion of distributors who no longer meet their level. */
  demotion: z.boolean(),
});
export type Programme = z.infer<typeof programmeSchema>;

export const DEFAULT_PROGRAMME: Programme = {
  joinMode: "open",
  bindingRule: "first_touch",
  protectionDays: 30,
  selfPurchase: DEFAULT_PLAN.selfPurchase,
  levels: DEFAULT_PLAN.levels,
  rates: DEFAULT_PLAN.rates.map((r) => [...r]),
  marginGuardBps: DEFAULT_PLAN.marginGuardBps,
  teamBonus: { enabled: true, thresholdFen: 5_000_000, rateBps: 500 },
  reviewSafeMode: false,
  demotion: false,
};

/** One override: a rate per commission level (1 to 3) for a product or a category. */
export const overrideSchema = z.object({
  scope: z.enum(["product", "category"]),
  targetId: z.string().uuid({ error: "commission.overrideTarget" }),
  rates: z.array(rateSchema).min(1, { error: "commission.missingRates" }).max(MAX_COMMISSION_LEVELS, { error: "commission.levelsChoice" }),
});
export type Override = z.infer<typeof overrideSchema>;

/** The engine's plan from the stored programme and overrides; review-safe mode is the caller's business (team pay). */
export function toPlan(p: Programme, overrides: Override[]): Plan {
  const productOverrides: Record<string, Rate[]> = {};
  const categoryOverrides: Record<string, Rate[]> = {};
  for (const o of overrides) (o.scope === "product" ? productOverrides : categoryOverrides)[o.targetId] = o.rates;
  return validatePlan({
    levels: p.levels,
    rates: p.rates,
    categoryOverrides,
    productOverrides,
    marginGuardBps: p.marginGuardBps,
    selfPurchase: p.selfPurchase,
  });
}

/** Team-based pay is on only when enabled and not in review-safe mode (PRODUCT.md §8, WeChat review). */
export const teamBonusActive = (p: Programme) => p.teamBonus.enabled && !p.reviewSafeMode && p.teamBonus.rateBps > 0;

/**
 * A compliance check of a programme (the console's panel). Hard refusals are
 * made by the schema and validatePlan (a fourth level cannot be stored; there
 * is no rule type for headcount or joining fees); this lists what a person
 * should know.
 */
export type ComplianceItem = { key: string; status: "ok" | "warning"; params?: Record<string, string | number> };
export function complianceReport(p: Programme): ComplianceItem[] {
  return [
    { key: "levelsCap", status: "ok", params: { levels: p.levels, max: MAX_COMMISSION_LEVELS } },
    { key: "salesOnly", status: "ok" },
    { key: "noJoiningFee", status: "ok" },
    teamBonusActive(p) ? { key: "teamPay", status: "warning" } : { key: p.reviewSafeMode ? "reviewSafe" : "teamPayOff", status: "ok" },
  ];
}

/* ------------------------------------------------------------ API inputs (console and storefront forms share them) */

const uuid = (key: string) => z.string({ error: key }).uuid({ error: key });
const criterion = (key: string) => z.number({ error: key }).int({ error: key }).min(0, { error: key }).max(1_000_000_000_00, { error: key });

export const levelConfigSchema = z.object({
  level: z.number().int().min(1).max(5),
  key: z.string().min(1).max(20),
  name: z.object({ "zh-CN": z.string().trim().min(1, { error: "levels.name" }).max(20, { error: "levels.name" }), en: z.string().trim().min(1, { error: "levels.name" }).max(30, { error: "levels.name" }) }),
  criteria: z.object({
    personalSalesFen: criterion("levels.criterionRange"),
    directReferrals: criterion("levels.criterionRange"),
    teamSalesFen: criterion("levels.criterionRange"),
  }),
  shop: shopRightsSchema,
});
export const saveLevelsInput = z.object({ levels: z.array(levelConfigSchema).length(5, { error: "levels.count" }) });

export const calculatorInput = z.object({
  productId: uuid("commission.overrideTarget"),
  /** The paid amount of the line; default the product's lowest price × quantity. */
  priceFen: z.number({ error: "commission.calcPrice" }).int({ error: "commission.calcPrice" }).min(1, { error: "commission.calcPrice" }).max(1_000_000_00, { error: "commission.calcPrice" }).nullish(),
  quantity: z.number().int().min(1).max(999).default(1),
  /** The buyer's distributor level, or null for a shopper who is not a distributor. */
  buyerLevel: z.number().int().min(1).max(5).nullable().default(null),
  /** The levels of the upline, nearest first (at most 3 are paid). */
  upline: z.array(z.number().int().min(1).max(5)).max(3).default([1]),
});

export const distributorListInput = z.object({
  q: z.string().trim().max(50).nullish(),
  status: z.enum(DISTRIBUTOR_STATUSES).nullish(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
export const distributorIdInput = z.object({ userId: uuid("notFound") });
export const distributorDecisionInput = distributorIdInput.extend({
  action: z.enum(["approve", "reject", "suspend", "reinstate", "approveExit", "refuseExit"]),
});
export const setLevelInput = distributorIdInput.extend({
  level: z.number({ error: "levels.count" }).int().min(1, { error: "levels.count" }).max(5, { error: "levels.count" }),
  note: z.string().trim().min(1, { error: "distribution.noteRequired" }).max(200, { error: "distribution.noteRequired" }),
});
export const teamInput = z.object({ rootId: uuid("notFound").nullish() });
export const flagListInput = z.object({ status: z.enum(["open", "cleared", "confirmed"]).default("open") });
export const flagDecisionInput = z.object({ flagId: uuid("notFound"), decision: z.enum(["clear", "confirm"]) });
export const commissionListInput = z.object({
  beneficiaryId: uuid("notFound").nullish(),
  orderId: uuid("notFound").nullish(),
  status: z.enum(COMMISSION_STATUS_VALUES).nullish(),
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});
/** A calendar month "YYYY-MM" (01–12): "2024-13" is the caller's mistake, a field error, never a database error (a 500). */
export const monthSchema = z.string({ error: "distribution.month" }).regex(/^[1-9]\d{3}-(0[1-9]|1[0-2])$/, { error: "distribution.month" });
export const monthInput = z.object({ month: monthSchema });
export const bonusListInput = z.object({ month: monthSchema.nullish() });
export const deleteOverrideInput = z.object({ id: uuid("notFound") });
