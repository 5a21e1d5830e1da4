import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { sourcesOf } from "../src/trace";

describe("where a withdrawal's money came from (first in, first out)", () => {
  test("a withdrawal uses the oldest credits first, across several", () => {
    const m = [
      { id: "settle-1", fen: 3_000 },
      { id: "bonus-1", fen: 2_000 },
      { id: "wd-1", fen: -4_000 },
      { id: "settle-2", fen: 5_000 },
      { id: "wd-2", fen: -3_000 },
    ];
    expect(sourcesOf(m, "wd-1")).toEqual({ sources: [{ creditId: "settle-1", fen: 3_000 }, { creditId: "bonus-1", fen: 1_000 }], unfundedFen: 0 });
    expect(sourcesOf(m, "wd-2")).toEqual({ sources: [{ creditId: "bonus-1", fen: 1_000 }, { creditId: "settle-2", fen: 2_000 }], unfundedFen: 0 });
  });

  test("a clawback into a negative balance is repaid by the next credit before it funds a withdrawal", () => {
    const m = [
      { id: "settle-1", fen: 1_000 },
      { id: "wd-1", fen: -1_000 },
      { id: "claw-1", fen: -300 },
      { id: "settle-2", fen: 1_000 },
      { id: "wd-2", fen: -700 },
    ];
    expect(sourcesOf(m, "claw-1")).toEqual({ sources: [], unfundedFen: 300 });
    expect(sourcesOf(m, "wd-2")).toEqual({ sources: [{ creditId: "settle-2", fen: 700 }], unfundedFen: 0 });
  });

  test("any sequence: a debit's sources and what it left unfunded add up to the debit, no credit is used beyond its amount", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5_000, max: 5_000 }).filter((n) => n !== 0), { minLength: 1, maxLength: 40 }), (amounts) => {
        const m = amounts.map((fen, i) => ({ id: `m${i}`, fen }));
        const usedOf = new Map<string, number>();
        for (const d of m.filter((x) => x.fen < 0)) {
          const r = sourcesOf(m, d.id);
          expect(r.sources.reduce((s, x) => s + x.fen, 0) + r.unfundedFen).toBe(-d.fen);
          for (const s of r.sources) usedOf.set(s.creditId, (usedOf.get(s.creditId) ?? 0) + s.fen);
        }
        for (const [id, fen] of usedOf) expect(fen).toBeLessThanOrEqual(m.find((x) => x.id === id)!.fen);
      }),
    );
  });
});
