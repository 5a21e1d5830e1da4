import type { Rate } from "@/packages/commission/src/plan";
import { formatFen } from "@/packages/core/src/money";

/** Basis points → the percentage a merchant reads and types ("15", "12.5"). */
export const bpsToPercent = (bps: number) => String(bps / 100);

/**
 * "15" or "12.5" (%) → basis points, read as text so no float rounding; up to
 * two decimals. Anything else is -1, which the API's own schema refuses with
 * its message (commission.rateRange).
 */
export function percentToBps(input: string): number {
  const m = /^\s*(\d{1,3})(?:\.(\d{0,2}))?\s*%?\s*$/.exec(input);
  if (!m) return -1;
  return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
}

/** A rate as words: "15%" or "¥2.00 / 件". */
export function formatRate(rate: Rate, locale: string, perUnit: string) {
  return rate.kind === "percent" ? `${bpsToPercent(rate.bps)}%` : `${formatFen(rate.fenPerUnit, locale)}${perUnit}`;
}
