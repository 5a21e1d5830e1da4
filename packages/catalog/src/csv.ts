import Papa from "papaparse";
import { parseYuan } from "../../core/src/yuan";
import { cartesian, matrixSize, MAX_DIMENSIONS, MAX_SKUS, MAX_VALUES, specKey, type SpecDimension } from "./specs";
import { MAX_STOCK, MONEY_KEYS, PRODUCT_STATUSES } from "./schemas";

/**
 * The product CSV: one row per SKU, rows of the same product (same name)
 * grouped. Everything is checked before anything is written; problems are
 * reported per row and column as message keys under "errors".
 */
export const CSV_COLUMNS = ["name", "category", "spec", "price", "cost", "stock", "code", "status"] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Header names we accept for each column (zh-CN first: the template's). */
export const CSV_HEADERS: Record<CsvColumn, string[]> = {
  name: ["商品名称", "name", "product", "product name"],
  category: ["分类", "category"],
  spec: ["规格", "spec", "specs"],
  price: ["售价", "price"],
  cost: ["成本价", "cost"],
  stock: ["库存", "stock"],
  code: ["SKU编码", "编码", "code", "sku code"],
  status: ["状态", "status"],
};
const REQUIRED: CsvColumn[] = ["name", "price"];

const STATUS_WORDS: Record<string, (typeof PRODUCT_STATUSES)[number]> = {
  draft: "draft", 草稿: "draft", 仓库中: "draft",
  on_sale: "on_sale", onsale: "on_sale", 上架: "on_sale", 出售中: "on_sale", 在售: "on_sale",
  off: "off", 下架: "off", 已下架: "off",
};

export const MAX_CSV_ROWS = 5000;

export type ImportIssue = { row: number; column: CsvColumn | null; key: string; params?: Record<string, string | number> };
export type ParsedSku = { row: number; spec: string[]; priceFen: number; costFen: number; stock: number; code: string | null };
export type ParsedProduct = {
  row: number;
  name: string;
  categoryName: string | null;
  status: (typeof PRODUCT_STATUSES)[number];
  specs: SpecDimension[];
  skus: ParsedSku[];
};

/** The downloadable template: zh-CN headers, one two-dimension product and one without specs. */
export function csvTemplate(): string {
  const rows = [
    CSV_COLUMNS.map((c) => CSV_HEADERS[c][0]),
    ["纯棉T恤", "服装", "颜色:红;尺码:M", "59.00", "25.00", "100", "TSHIRT-01", "上架"],
    ["纯棉T恤", "服装", "颜色:红;尺码:L", "59.00", "25.00", "80", "TSHIRT-02", "上架"],
    ["纯棉T恤", "服装", "颜色:蓝;尺码:M", "59.00", "25.00", "60", "TSHIRT-03", "上架"],
    ["纯棉T恤", "服装", "颜色:蓝;尺码:L", "59.00", "25.00", "40", "TSHIRT-04", "上架"],
    ["帆布袋", "配件", "", "29.9", "8", "200", "", "草稿"],
  ];
  return "\uFEFF" + Papa.unparse(rows, { newline: "\r\n" });
}

/** "颜色:红;尺码:M" (full-width ：； too) → [[颜色, 红], [尺码, M]]; null when malformed. */
export function parseSpecCell(cell: string): [string, string][] | null {
  const parts = cell.split(/[;；]/).map((p) => p.trim()).filter(Boolean);
  const out: [string, string][] = [];
  for (const p of parts) {
    const m = /^([^:：]+)[:：](.+)$/.exec(p);
    if (!m) return null;
    out.push([m[1]!.trim(), m[2]!.trim()]);
  }
  return out;
}

export function parseProductCsv(text: string): { products: ParsedProduct[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  /** Records an issue; returns false so that `ok = add(…)` marks the row bad. */
  const add = (row: number, column: CsvColumn | null, key: string, params?: Record<string, string | number>): false => {
    issues.push({ row, column, key, ...(params ? { params } : {}) });
    return false;
  };
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  const records = parsed.data;
  for (const e of parsed.errors) {
    // A quote left open swallows the rest of the file: say where it starts.
    if (e.type === "Quotes") add((e.row ?? 0) + 1, null, "import.quotes");
  }
  if (issues.length) return { products: [], issues };
  const header = records[0];
  if (!header || header.every((c) => c.trim() === "")) {
    add(1, null, "import.empty");
    return { products: [], issues };
  }
  const index: Partial<Record<CsvColumn, number>> = {};
  header.forEach((h, i) => {
    const label = h.trim().toLowerCase();
    if (!label) return;
    const col = CSV_COLUMNS.find((c) => CSV_HEADERS[c].some((a) => a.toLowerCase() === label));
    if (!col) add(1, null, "import.unknownColumn", { column: h.trim() });
    else if (index[col] !== undefined) add(1, col, "import.duplicateColumn", { column: h.trim() });
    else index[col] = i;
  });
  for (const c of REQUIRED) if (index[c] === undefined) add(1, c, "import.missingColumn", { column: CSV_HEADERS[c][0]! });
  if (issues.length) return { products: [], issues };

  const dataRows = records.slice(1).map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (dataRows.length === 0) {
    add(2, null, "import.noRows");
    return { products: [], issues };
  }
  if (dataRows.length > MAX_CSV_ROWS) {
    add(dataRows[MAX_CSV_ROWS]!.row, null, "import.tooManyRows", { max: MAX_CSV_ROWS });
    return { products: [], issues };
  }

  type Row = { row: number; name: string; category: string; status: ParsedProduct["status"] | null; dims: [string, string][] | null; sku: ParsedSku | null };
  const rows: Row[] = dataRows.map(({ row, cells }) => {
    const get = (c: CsvColumn) => (index[c] === undefined ? "" : (cells[index[c]!] ?? "").trim());
    let ok = true;
    const name = get("name");
    if (!name) ok = add(row, "name", "product.nameRequired");
    else if (name.length > 60) ok = add(row, "name", "product.nameTooLong");
    const category = get("category");
    if (category.length > 20) ok = add(row, "category", "product.categoryNameTooLong");
    const dims = parseSpecCell(get("spec"));
    if (!dims) ok = add(row, "spec", "import.specFormat");
    else if (dims.length > MAX_DIMENSIONS) ok = add(row, "spec", "product.specTooManyDims");
    else {
      const names = new Set<string>();
      for (const [n, v] of dims) {
        if (names.has(n)) ok = add(row, "spec", "product.specNameDuplicate");
        names.add(n);
        if (n.length > 20) ok = add(row, "spec", "product.specNameTooLong");
        if (v.length > 30) ok = add(row, "spec", "product.specValueTooLong");
      }
    }
    const price = parseYuan(get("price"), { signed: true });
    if (!price.ok) ok = add(row, "price", MONEY_KEYS[price.key]);
    else if (price.fen <= 0) ok = add(row, "price", "product.priceNotPositive");
    const costText = get("cost");
    const cost = costText === "" ? ({ ok: true, fen: 0 } as const) : parseYuan(costText, { signed: true });
    if (!cost.ok) ok = add(row, "cost", cost.key === "money.required" ? "product.moneyFormat" : MONEY_KEYS[cost.key]);
    else if (cost.fen < 0) ok = add(row, "cost", "product.costNegative");
    const stockText = get("stock");
    if (stockText !== "" && (!/^\d+$/.test(stockText) || Number(stockText) > MAX_STOCK)) ok = add(row, "stock", "product.stockInvalid");
    const code = get("code");
    if (code && (code.length > 64 || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(code))) ok = add(row, "code", "product.codeFormat");
    const statusText = get("status");
    const status = statusText === "" ? null : (STATUS_WORDS[statusText.toLowerCase()] ?? undefined);
    if (status === undefined) ok = add(row, "status", "product.statusInvalid");
    return {
      row,
      name,
      category,
      status: status ?? null,
      dims,
      sku: ok && dims && price.ok && cost.ok ? { row, spec: dims.map(([, v]) => v), priceFen: price.fen, costFen: cost.fen, stock: stockText === "" ? 0 : Number(stockText), code: code || null } : null,
    };
  });

  // SKU codes are unique across the whole file.
  const codeRow = new Map<string, number>();
  for (const r of rows) {
    const code = r.sku?.code?.toUpperCase();
    if (!code) continue;
    const first = codeRow.get(code);
    if (first !== undefined) add(r.row, "code", "import.codeDuplicate", { other: first });
    else codeRow.set(code, r.row);
  }

  // Group by product name, keeping the file's order.
  const groups = new Map<string, Row[]>();
  for (const r of rows) if (r.name) groups.set(r.name, [...(groups.get(r.name) ?? []), r]);
  const products: ParsedProduct[] = [];
  for (const [name, group] of groups) {
    const first = group[0]!;
    let ok = group.every((r) => r.sku !== null);
    const dimNames = (first.dims ?? []).map(([n]) => n);
    for (const r of group.slice(1)) {
      if (r.category !== first.category) ok = add(r.row, "category", "import.categoryMismatch", { row: first.row });
      if ((r.status ?? "draft") !== (first.status ?? "draft")) ok = add(r.row, "status", "import.statusMismatch", { row: first.row });
      if (r.dims && first.dims && JSON.stringify(r.dims.map(([n]) => n)) !== JSON.stringify(dimNames)) ok = add(r.row, "spec", "import.specDimsMismatch", { row: first.row, dims: dimNames.join(";") || "-" });
    }
    if (!ok) continue;
    const specs: SpecDimension[] = dimNames.map((n, i) => ({ name: n, values: [...new Set(group.map((r) => r.sku!.spec[i]!))] }));
    const seen = new Map<string, number>();
    for (const r of group) {
      const k = specKey(r.sku!.spec);
      if (seen.has(k)) ok = add(r.row, "spec", dimNames.length ? "import.specDuplicate" : "import.productDuplicate", { row: seen.get(k)! });
      else seen.set(k, r.row);
    }
    if (!ok) continue;
    if (specs.some((d) => d.values.length > MAX_VALUES)) ok = add(first.row, "spec", "product.specTooManyValues");
    else if (matrixSize(specs) > MAX_SKUS) ok = add(first.row, "spec", "product.tooManySkus");
    else {
      const missing = cartesian(specs).find((c) => !seen.has(specKey(c)));
      if (missing) ok = add(first.row, "spec", "import.matrixIncomplete", { spec: missing.map((v, i) => `${dimNames[i]}:${v}`).join(";") });
    }
    if (!ok) continue;
    products.push({ row: first.row, name, categoryName: first.category || null, status: first.status ?? "draft", specs, skus: group.map((r) => r.sku!) });
  }
  issues.sort((a, b) => a.row - b.row);
  return { products, issues };
}
