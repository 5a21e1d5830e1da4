/**
 * Money is integer fen (1 CNY = 100 fen). Display never goes through floats:
 * the yuan part is grouped by Intl, the fen part appended as digits.
 */
export function formatFen(fen: number, locale = "zh-CN"): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  const yuan = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.trunc(abs / 100));
  const cents = String(abs % 100).padStart(2, "0");
  return `${sign}¥${yuan}.${cents}`;
}
