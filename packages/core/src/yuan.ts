/**
 * Yuan strings ⇄ integer fen, exactly: the digits are read as text and never
 * pass through a float ("0.1" + "0.2" stays 30 fen). Used by every form and
 * import that takes money from a person.
 */

/** The largest amount we accept: ¥9,999,999.99 (fits the int4 fen columns). */
export const MAX_FEN = 999_999_999;

export type YuanResult = { ok: true; fen: number } | { ok: false; key: "money.required" | "money.format" | "money.tooPrecise" | "money.tooLarge" };

const YUAN = /^([+-])?(\d+)(?:\.(\d*))?$/;
const YUAN_NO_INT = /^([+-])?\.(\d+)$/;

/**
 * Parses "12", "12.5", "12.50", "¥12.5", "1,234.50", " 12 " (and a leading
 * sign when `signed`) into fen. More than two decimals is an error, never a
 * rounding. Returns a message key under "errors" when the input is not money.
 */
export function parseYuan(input: string, opts: { signed?: boolean } = {}): YuanResult {
  let s = input.trim().replace(/^[¥￥]/, "").trim();
  if (s === "") return { ok: false, key: "money.required" };
  // Thousands separators only between groups of three digits.
  if (s.includes(",")) {
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) return { ok: false, key: "money.format" };
    s = s.replace(/,/g, "");
  }
  let m = YUAN.exec(s);
  let sign: string | undefined, int: string, frac: string;
  if (m) {
    sign = m[1];
    int = m[2]!;
    frac = m[3] ?? "";
  } else {
    m = YUAN_NO_INT.exec(s);
    if (!m) return { ok: false, key: "money.format" };
    sign = m[1];
    int = "0";
    frac = m[2]!;
  }
  if (sign && !opts.signed) return { ok: false, key: "money.format" };
  if (frac.length > 2) {
    // Trailing zeros are still exact ("12.500").
    if (/[1-9]/.test(frac.slice(2))) return { ok: false, key: "money.tooPrecise" };
    frac = frac.slice(0, 2);
  }
  const digits = int.replace(/^0+(?=\d)/, "");
  if (digits.length > 9) return { ok: false, key: "money.tooLarge" };
  const fen = Number(digits) * 100 + Number(frac.padEnd(2, "0"));
  if (fen > MAX_FEN) return { ok: false, key: "money.tooLarge" };
  return { ok: true, fen: sign === "-" && fen !== 0 ? -fen : fen };
}

/** Integer fen → the yuan string a form shows ("12.50"); exact, no grouping, no symbol. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`fen must be a safe integer, got ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/**
 * A percentage with up to two decimals ("10", "-12.5") as basis points
 * (1% = 100 bp), for "raise all prices by 10%". Null when not a percentage.
 */
export function parsePercentBp(input: string): number | null {
  const m = /^([+-])?(\d{1,4})(?:\.(\d{1,2}))?%?$/.exec(input.trim());
  if (!m) return null;
  const bp = Number(m[2]) * 100 + Number((m[3] ?? "").padEnd(2, "0"));
  return m[1] === "-" ? -bp : bp;
}

/** `fen` changed by `bp` basis points, rounded half away from zero to whole fen, in integers. */
export function applyPercentFen(fen: number, bp: number): number {
  if (!Number.isSafeInteger(fen) || !Number.isSafeInteger(bp)) throw new RangeError("fen and bp must be safe integers");
  const num = fen * (10_000 + bp); // ≤ 1e9 × 2e4: exact in a double
  const q = Math.trunc(num / 10_000);
  const r = num - q * 10_000;
  return Math.abs(r) * 2 >= 10_000 ? q + Math.sign(num) : q;
}

/** parseYuan's fen, or null when the text is not an amount (for forms that check the number with zod next). */
export function yuanToFen(input: string): number | null {
  const r = parseYuan(input);
  return r.ok ? r.fen : null;
}
