/**
 * Rate limits per action (PRODUCT.md §8.4, review M5): how many times a subject
 * may act in a window. SQL only counts (app_private.rate_hit); what is allowed
 * is decided here. A refused call rolls its transaction back, so refusals do
 * not extend the window; only calls that went through are counted.
 */
export type RateRule = { max: number; windowSeconds: number };

export const RATE_LIMITS = {
  /** Sign-ins (local sign-in / sign-up) per client address. */
  signIn: { max: 10, windowSeconds: 60 },
  /**
   * Mini-program sign-ins (wx.login) per shop and client address: many shoppers of one shop share an address
   * behind a mobile carrier's NAT, and the template signs in silently on its first call.
   */
  miniprogramSignIn: { max: 120, windowSeconds: 60 },
  /** New shops per user per day. */
  createTenant: { max: 3, windowSeconds: 86_400 },
  /** Share-link bindings per shopper per shop per hour. */
  bind: { max: 10, windowSeconds: 3_600 },
  /** Orders placed per shopper per shop in 10 minutes. */
  checkout: { max: 20, windowSeconds: 600 },
  /** Uploaded pictures per user per shop per hour. */
  upload: { max: 30, windowSeconds: 3_600 },
  /** Bytes uploaded into one shop per day, by everyone (storage DoS). */
  tenantUploadBytes: { max: 500 * 1024 * 1024, windowSeconds: 86_400 },
} as const satisfies Record<string, RateRule>;
export type RateAction = keyof typeof RATE_LIMITS;

/** Unpaid orders one shopper may hold in one shop (each reserves stock until it expires). */
export const MAX_UNPAID_ORDERS = 10;
/** Units those unpaid orders may reserve together. */
export const MAX_RESERVED_UNITS = 200;

/** The counter's key: the action and who (and where) it is counted for. */
export const rateKey = (action: RateAction, ...subject: string[]) => [action, ...subject].join(":");

/** null when `total` (after this call) is within the rule, else the error's key and params. */
export function rateVerdict(action: RateAction, total: number): { key: string; params: Record<string, number> } | null {
  const rule: RateRule = RATE_LIMITS[action];
  if (total <= rule.max) return null;
  return { key: action === "tenantUploadBytes" ? "rateLimit.storage" : "rateLimit.tooMany", params: { minutes: Math.max(1, Math.ceil(rule.windowSeconds / 60)) } };
}

/** null when a shopper holding `unpaid` orders with `units` reserved may place one more of `adding` units. */
export function holdVerdict(unpaid: number, units: number, adding: number): { key: string; params: Record<string, number> } | null {
  if (unpaid + 1 > MAX_UNPAID_ORDERS) return { key: "rateLimit.unpaidOrders", params: { max: MAX_UNPAID_ORDERS } };
  if (units + adding > MAX_RESERVED_UNITS) return { key: "rateLimit.reservedUnits", params: { max: MAX_RESERVED_UNITS } };
  return null;
}
