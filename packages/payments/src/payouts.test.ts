import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parsePayoutBillNo, payoutBillNo } from "./payouts";

describe("payout bill numbers", () => {
  test("a withdrawal's attempt is a WeChat out_bill_no (letters and digits, at most 32) and reads back", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 9999 }), (id, attempt) => {
        const no = payoutBillNo(id, attempt);
        expect(no).toMatch(/^[0-9A-Za-z]{1,32}$/);
        expect(parsePayoutBillNo(no)).toEqual({ withdrawalId: id.toLowerCase(), attempt });
      }),
    );
  });
  test("attempts of one withdrawal differ; what is not ours is null", () => {
    const id = "0b0e5a1c-3d2f-4a6b-8c9d-0e1f2a3b4c5d";
    expect(payoutBillNo(id, 1)).not.toBe(payoutBillNo(id, 2));
    expect(payoutBillNo("00000000-0000-0000-0000-000000000000", 1)).toBe("W0000000000000000000000A1");
    for (const junk of ["", "W123", "plfk2020042013", payoutBillNo(id, 1) + "x", "W" + "z".repeat(22) + "A1"]) expect(parsePayoutBillNo(junk)).toBeNull();
    expect(() => payoutBillNo(id, 0)).toThrow(RangeError);
  });
});
