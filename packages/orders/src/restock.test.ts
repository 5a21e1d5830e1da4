import { describe, expect, it } from "vitest";
import { unitsToRestock } from "./restock";

const lines = [
  { id: "a", quantity: 3, restockedQty: 1 },
  { id: "b", quantity: 2, restockedQty: 0 },
  { id: "c", quantity: 1, restockedQty: 1 },
];

describe("which units a refund puts back", () => {
  it.each([
    ["money only", { restock: false, whole: true }, { ok: true, units: [] }],
    ["a return of everything left: every unit not back yet", { restock: true, whole: true }, { ok: true, units: [{ lineId: "a", quantity: 2 }, { lineId: "b", quantity: 2 }] }],
    ["a partial amount with no units: none", { restock: true, whole: false }, { ok: true, units: [] }],
    ["the units chosen, zeros dropped", { restock: true, whole: true, asked: [{ lineId: "a", quantity: 0 }, { lineId: "b", quantity: 1 }] }, { ok: true, units: [{ lineId: "b", quantity: 1 }] }],
    ["the same line twice counts once in total", { restock: true, whole: false, asked: [{ lineId: "a", quantity: 1 }, { lineId: "a", quantity: 2 }] }, { ok: false, lineId: "a" }],
    ["more than is not back yet", { restock: true, whole: false, asked: [{ lineId: "c", quantity: 1 }] }, { ok: false, lineId: "c" }],
    ["another order's line", { restock: true, whole: false, asked: [{ lineId: "x", quantity: 1 }] }, { ok: false, lineId: "x" }],
    ["a fraction", { restock: true, whole: false, asked: [{ lineId: "b", quantity: 0.5 }] }, { ok: false, lineId: "b" }],
    ["a negative", { restock: true, whole: false, asked: [{ lineId: "b", quantity: -1 }] }, { ok: false, lineId: "b" }],
  ])("%s", (_, input, want) => {
    expect(unitsToRestock(lines, input)).toEqual(want);
  });
});
