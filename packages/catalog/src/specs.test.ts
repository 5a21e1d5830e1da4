import { describe, expect, it } from "vitest";
import { parseProductCsv, csvTemplate, parseSpecCell } from "./csv";
import { sniffImage, parseMediaUrl } from "./image";
import { cartesian, codeBaseOf, mergeSkus, nextCode, type SkuDraft } from "./specs";

const row = (spec: string[], price: string, code: string, stock = "1"): SkuDraft => ({ spec, price, cost: "", stock, code });

describe("SKU matrix", () => {
  it("is the cartesian product, first dimension slowest", () => {
    expect(cartesian([{ name: "颜色", values: ["红", "蓝"] }, { name: "尺码", values: ["S", "M"] }])).toEqual([["红", "S"], ["红", "M"], ["蓝", "S"], ["蓝", "M"]]);
    expect(cartesian([])).toEqual([[]]);
    expect(cartesian([{ name: "颜色", values: [] }])).toEqual([]);
  });

  it("keeps rows whose combination still exists, adds and drops the rest", () => {
    const prevSpecs = [{ name: "颜色", values: ["红", "蓝"] }];
    const prev = [row(["红"], "10", "P-01"), row(["蓝"], "12", "P-02")];
    const next = mergeSkus(prevSpecs, prev, [{ name: "颜色", values: ["蓝", "绿"] }], "P");
    expect(next).toEqual([row(["蓝"], "12", "P-02"), { spec: ["绿"], price: "", cost: "", stock: "", code: "P-01" }]);
  });

  it("a new dimension carries price and cost over, not stock or codes", () => {
    const prevSpecs = [{ name: "颜色", values: ["红"] }];
    const prev = [{ ...row(["红"], "10", "P-01", "50"), cost: "4" }];
    const next = mergeSkus(prevSpecs, prev, [{ name: "颜色", values: ["红"] }, { name: "尺码", values: ["S", "M"] }], "P");
    expect(next.map((r) => [r.spec.join("/"), r.price, r.cost, r.stock, r.code])).toEqual([
      ["红/S", "10", "4", "", "P-01"],
      ["红/M", "10", "4", "", "P-02"],
    ]);
  });

  it("suggests the next free code", () => {
    expect(nextCode("P", new Set(["P-01", "P-02"]))).toBe("P-03");
    expect(codeBaseOf(["TEA-LJ-01"])).toBe("TEA-LJ");
  });
});

describe("CSV", () => {
  it("the template parses cleanly", () => {
    const r = parseProductCsv(csvTemplate());
    expect(r.issues).toEqual([]);
    expect(r.products.map((p) => [p.name, p.skus.length, p.status])).toEqual([["纯棉T恤", 4, "on_sale"], ["帆布袋", 1, "draft"]]);
  });
  it("reads spec cells with half- and full-width separators", () => {
    expect(parseSpecCell("颜色:红;尺码:M")).toEqual([["颜色", "红"], ["尺码", "M"]]);
    expect(parseSpecCell("颜色：红；尺码：M；")).toEqual([["颜色", "红"], ["尺码", "M"]]);
    expect(parseSpecCell("红")).toBeNull();
    expect(parseSpecCell("")).toEqual([]);
  });
  it("reports unknown and missing columns on row 1", () => {
    const r = parseProductCsv("名字,价格\n茶,1");
    expect(r.issues.map((i) => i.key)).toEqual(["import.unknownColumn", "import.unknownColumn", "import.missingColumn", "import.missingColumn"]);
  });
  it("reports rows of one product that disagree", () => {
    const r = parseProductCsv("name,category,spec,price\nA,x,颜色:红,1\nA,y,尺码:S,1");
    expect(r.issues.map((i) => `${i.row}:${i.column}:${i.key}`)).toEqual(["3:category:import.categoryMismatch", "3:spec:import.specDimsMismatch"]);
  });
});

describe("images", () => {
  it("sniffs magic bytes", () => {
    expect(sniffImage(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe("image/png");
    expect(sniffImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffImage(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImage(new TextEncoder().encode("GIF89a"))).toBeNull();
    expect(sniffImage(new TextEncoder().encode("<svg/>"))).toBeNull();
  });
  it("parses only our media URLs", () => {
    const t = "0b5f3a4e-1111-4222-8333-444455556666";
    expect(parseMediaUrl(`/api/media/${t}/${t}`)).toEqual({ tenantId: t, mediaId: t });
    expect(parseMediaUrl(`https://evil.example/api/media/${t}/${t}`)).toBeNull();
    expect(parseMediaUrl(`/api/media/${t}/${t}/../x`)).toBeNull();
  });
});
