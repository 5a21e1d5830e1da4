/**
 * What each subscription plan includes besides its fee (fees.ts). A white
 * label shows no platform: the storefront's "powered by" line appears only
 * on a plan that says so. Basic, Pro and Agency are all paid subscriptions
 * (PRODUCT.md §2.6), so none does; a free plan added later may turn it on.
 */
export type Plan = "basic" | "pro" | "agency";
export type PlanFeatures = { poweredBy: boolean };

export const PLAN_FEATURES: Record<Plan, PlanFeatures> = {
  basic: { poweredBy: false },
  pro: { poweredBy: false },
  agency: { poweredBy: false },
};

/** Whether the storefront of a shop on `plan` carries the platform's "powered by" line; an unknown plan does not. */
export function showsPoweredBy(plan: string, features: Record<string, PlanFeatures> = PLAN_FEATURES): boolean {
  return Object.hasOwn(features, plan) ? features[plan]!.poweredBy : false;
}
