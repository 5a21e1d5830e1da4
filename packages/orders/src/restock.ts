/** Units of one order line a refund puts back in stock. */
export type RestockUnits = { lineId: string; quantity: number };

type Line = { id: string; quantity: number; restockedQty: number };

/**
 * Which units a refund puts back (the database applies them once, capped by
 * what is not back yet). Money only (`restock` false) puts back nothing; the
 * units asked for must be whole, on this order and not back already; asked
 * for none, a return of everything left (`whole`) puts back every unit not
 * back yet and a partial amount puts back nothing.
 */
export function unitsToRestock(
  lines: Line[],
  input: { restock: boolean; asked?: RestockUnits[] | null; whole: boolean },
): { ok: true; units: RestockUnits[] } | { ok: false; lineId: string } {
  if (!input.restock) return { ok: true, units: [] };
  const left = new Map(lines.map((l) => [l.id, l.quantity - l.restockedQty]));
  if (!input.asked) return { ok: true, units: input.whole ? lines.filter((l) => left.get(l.id)! > 0).map((l) => ({ lineId: l.id, quantity: left.get(l.id)! })) : [] };
  const sum = new Map<string, number>();
  for (const a of input.asked) {
    const n = (sum.get(a.lineId) ?? 0) + a.quantity;
    if (!left.has(a.lineId) || !Number.isSafeInteger(a.quantity) || a.quantity < 0 || n > left.get(a.lineId)!) return { ok: false, lineId: a.lineId };
    sum.set(a.lineId, n);
  }
  return { ok: true, units: [...sum].filter(([, n]) => n > 0).map(([lineId, quantity]) => ({ lineId, quantity })) };
}
