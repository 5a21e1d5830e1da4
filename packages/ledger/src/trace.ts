/**
 * Where a distributor's money came from (PRODUCT.md §5; the ledger browser): the
 * movements of their available balance in order, each debit (a withdrawal's
 * reservation, a clawback) using up the oldest credit not yet used (first in,
 * first out: settled commission, a bonus, a returned withdrawal). The share of
 * each credit a given debit used is its source; what a debit took beyond every
 * earlier credit (a clawback into a negative balance) has no source yet, and
 * later credits repay it before they fund anything else.
 */
export type Movement = { id: string; fen: number };

export type Source = { creditId: string; fen: number };

export function sourcesOf(movements: readonly Movement[], debitId: string): { sources: Source[]; unfundedFen: number } {
  const open: { id: string; left: number }[] = [];
  let owed = 0; // taken before there was anything to take it from: repaid first
  for (const m of movements) {
    if (!Number.isSafeInteger(m.fen) || m.fen === 0) continue;
    if (m.fen > 0) {
      let fen = m.fen;
      const repay = Math.min(owed, fen);
      owed -= repay;
      fen -= repay;
      if (fen > 0) open.push({ id: m.id, left: fen });
      continue;
    }
    let need = -m.fen;
    const used: Source[] = [];
    while (need > 0 && open.length) {
      const c = open[0]!;
      const take = Math.min(c.left, need);
      used.push({ creditId: c.id, fen: take });
      c.left -= take;
      need -= take;
      if (c.left === 0) open.shift();
    }
    owed += need;
    if (m.id === debitId) return { sources: used, unfundedFen: need };
  }
  return { sources: [], unfundedFen: 0 };
}
