import { z } from "zod";

/**
 * When commission becomes withdrawable (PRODUCT.md §5.3): T+N days after the
 * order completes (the return window has passed), N from the merchant's hold
 * rules: a product's own, else its category's, else the default (T+1), and
 * lines above a price the merchant sets wait at least that rule's days.
 * Days are the tenant's calendar days: a commission of an order completed on
 * 3 March (local) with T+1 settles in the run of 4 March.
 */
export const HOLD_DAYS_MAX = 90;

const days = z.number({ error: "ledger.holdDays" }).int({ error: "ledger.holdDays" }).min(0, { error: "ledger.holdDays" }).max(HOLD_DAYS_MAX, { error: "ledger.holdDays" });

export const holdRulesSchema = z.object({
  defaultDays: days,
  byProduct: z.record(z.uuid(), days),
  byCategory: z.record(z.uuid(), days),
  highPrice: z.object({ aboveFen: z.number().int().positive({ error: "ledger.highPrice" }), days }).nullable(),
});
export type HoldRules = z.infer<typeof holdRulesSchema>;

export const DEFAULT_HOLD_RULES: HoldRules = { defaultDays: 1, byProduct: {}, byCategory: {}, highPrice: null };

export function holdDaysFor(line: { productId: string; categoryId: string | null; unitPriceFen: number }, rules: HoldRules): number {
  const base = rules.byProduct[line.productId] ?? (line.categoryId ? rules.byCategory[line.categoryId] : undefined) ?? rules.defaultDays;
  return rules.highPrice && line.unitPriceFen > rules.highPrice.aboveFen ? Math.max(base, rules.highPrice.days) : base;
}

/** One formatter per time zone: making an Intl.DateTimeFormat costs ~40 µs, a settlement run asks for a date per commission. */
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timeZone: string): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    if (dayFormats.size < 1000) dayFormats.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** A date N days after a YYYY-MM-DD date (calendar arithmetic, no time zone). */
export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The settlement run (its local date) that makes the commission available. */
export function settlesOn(completedAt: Date, holdDays: number, timeZone: string): string {
  return addDays(localDate(completedAt, timeZone), holdDays);
}

/**
 * Whether the run of `runDate` settles a commission: matured, its order
 * complete, and not held by an open fraud flag (a person clears it first).
 */
export function settles(c: { settlesOn: string | null; held: boolean }, runDate: string): boolean {
  return c.settlesOn !== null && !c.held && c.settlesOn <= runDate;
}
