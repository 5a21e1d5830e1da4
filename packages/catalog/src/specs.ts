/**
 * The SKU matrix of a product: its spec dimensions (颜色 × 尺码, at most
 * three) generate one SKU per combination. Pure functions shared by the
 * product form (live matrix) and the API (server-side check and the SKU
 * diff on save).
 */
export type SpecDimension = { name: string; values: string[] };

export const MAX_DIMENSIONS = 3;
export const MAX_VALUES = 30;
export const MAX_SKUS = 400;

/** Every combination, first dimension slowest: [[红,S],[红,M],[蓝,S],[蓝,M]]. No dimensions: one empty combination. */
export function cartesian(specs: SpecDimension[]): string[][] {
  return specs.reduce<string[][]>((acc, d) => acc.flatMap((combo) => d.values.map((v) => [...combo, v])), [[]]);
}

/** Number of combinations, without building them. */
export function matrixSize(specs: SpecDimension[]): number {
  return specs.reduce((n, d) => n * d.values.length, 1);
}

/** The identity of a SKU within its product: its spec values, in dimension order. */
export const specKey = (spec: readonly string[]) => JSON.stringify(spec);

/** A SKU row in the editor; `loadedStock` is the stock it was loaded with (saved SKUs), so the save sends the change. */
export type SkuDraft = { spec: string[]; price: string; cost: string; stock: string; code: string; loadedStock?: number | null };

/**
 * The rows for `specs`, keeping what the merchant already typed. A
 * combination that still exists keeps its row (matched by spec values). When
 * a dimension was added or removed, a new row inherits price and cost (not
 * stock, not code) from an old row that agrees on the dimensions both share.
 * New rows get the next free code `${base}-NN`.
 */
export function mergeSkus(prevSpecs: SpecDimension[], prev: SkuDraft[], specs: SpecDimension[], base: string): SkuDraft[] {
  const byKey = new Map(prev.map((r) => [specKey(r.spec), r]));
  const combos = cartesian(specs);
  const kept = new Set<string>();
  const exact = combos.map((c) => byKey.get(specKey(c)) ?? null);
  exact.forEach((r) => r && kept.add(r.code));
  const taken = new Set([...kept].filter(Boolean));
  const named = (dims: SpecDimension[], spec: string[]) => new Map(dims.map((d, i) => [d.name, spec[i]]));
  return combos.map((combo, i) => {
    const hit = exact[i];
    if (hit) return { ...hit, spec: combo };
    const mine = named(specs, combo);
    const shared = specs.map((d) => d.name).filter((n) => prevSpecs.some((d) => d.name === n));
    const similar =
      prevSpecs.length !== specs.length || prevSpecs.length === 0
        ? prev.find((r) => {
            const theirs = named(prevSpecs, r.spec);
            return shared.every((n) => theirs.get(n) === mine.get(n));
          })
        : undefined;
    const code = nextCode(base, taken);
    taken.add(code);
    return { spec: combo, price: similar?.price ?? "", cost: similar?.cost ?? "", stock: "", code };
  });
}

/** The first `${base}-NN` not in `taken`. */
export function nextCode(base: string, taken: Set<string>): string {
  for (let n = 1; ; n++) {
    const code = `${base}-${String(n).padStart(2, "0")}`;
    if (!taken.has(code)) return code;
  }
}

/** A fresh code prefix for a new product, e.g. "P7K2QX". */
export function newCodeBase(random: () => number = Math.random): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let s = "P";
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}

/** The prefix of existing codes ("TEA-LJ-01" → "TEA-LJ"), for new rows of an existing product. */
export function codeBaseOf(codes: string[]): string | null {
  const first = codes[0];
  if (!first) return null;
  const m = /^(.*)-\d+$/.exec(first);
  return m ? m[1]! : first;
}
