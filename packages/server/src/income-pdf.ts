import { readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatFen } from "../../core/src/money";
import type { Locale } from "../../i18n/src/locales";

/**
 * The distributor's monthly documents as PDF (PRODUCT.md §5.7): the income
 * statement and the withholding certificate, with Noto Sans SC embedded
 * (subset to the characters used), so they read the same on any phone or
 * printer. pdfkit lays them out on the server only.
 *
 * PDF_FONT_PATH: another TTF/OTF with CJK glyphs (default: Noto Sans SC
 * Regular from @expo-google-fonts/noto-sans-sc, SIL Open Font License).
 */

let font: Buffer | null = null;
function cjkFont(): Buffer {
  if (font) return font;
  // Read from the installed package at run time (not bundled: 10 MB), from the app's directory.
  const candidates = [process.env.PDF_FONT_PATH, path.join(/* turbopackIgnore: true */ process.cwd(), "node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf")];
  for (const c of candidates) {
    if (!c) continue;
    try {
      return (font = readFileSync(/* turbopackIgnore: true */ c));
    } catch {
      // next candidate
    }
  }
  throw new Error(`no CJK font for PDFs: set PDF_FONT_PATH or install @expo-google-fonts/noto-sans-sc`);
}

type Doc = InstanceType<typeof PDFDocument>;

function render(title: string, draw: (doc: Doc) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 48, info: { Title: title, Producer: "fenxiao-mall" }, lang: "zh-CN" });
  doc.registerFont("cjk", cjkFont());
  doc.font("cjk");
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** A two-column table row: label left, amount right-aligned. */
function row(doc: Doc, label: string, value: string, opts: { bold?: boolean } = {}) {
  const y = doc.y;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.fontSize(opts.bold ? 11 : 10).fillColor(opts.bold ? "#000" : "#222");
  doc.text(label, doc.page.margins.left, y, { width: width * 0.65 });
  const after = doc.y;
  doc.text(value, doc.page.margins.left + width * 0.65, y, { width: width * 0.35, align: "right" });
  doc.y = Math.max(after, doc.y) + 3;
  doc.x = doc.page.margins.left;
}

/** A row of columns: the first left-aligned, the others right-aligned, widths as fractions of the line. */
function columns(doc: Doc, cells: string[], widths: number[], opts: { header?: boolean } = {}) {
  const y = doc.y;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  let x = doc.page.margins.left;
  let bottom = y;
  doc.fontSize(opts.header ? 9 : 10).fillColor(opts.header ? "#666" : "#222");
  cells.forEach((c, i) => {
    const w = width * widths[i]!;
    doc.text(c, x, y, { width: w, align: i === 0 ? "left" : "right" });
    bottom = Math.max(bottom, doc.y);
    x += w;
  });
  doc.y = bottom + 3;
  doc.x = doc.page.margins.left;
}

function rule(doc: Doc) {
  doc.moveTo(doc.page.margins.left, doc.y).lineTo(doc.page.width - doc.page.margins.right, doc.y).strokeColor("#ccc").lineWidth(0.5).stroke();
  doc.moveDown(0.4);
}

const L = {
  "zh-CN": {
    statement: "月度收入对账单",
    certificate: "个人所得税代扣代缴明细",
    shop: "店铺",
    agent: "扣缴义务人",
    distributor: "分销员",
    payee: "纳税人",
    idNumber: "身份证号",
    month: "月份",
    opening: "期初余额",
    closing: "期末余额",
    movements: "本月收支",
    none: "本月没有收支",
    count: "笔",
    incomeType: "所得项目：劳务报酬所得（按月合并为一次收入）",
    payouts: "本月提现",
    noPayouts: "本月没有提现到账",
    paidAt: "到账时间",
    gross: "税前金额",
    tax: "代扣个税",
    net: "实际到账",
    income: "收入额",
    deduction: "减除费用",
    taxable: "应纳税所得额",
    taxWithheld: "已代扣税额",
    netPaid: "实付金额",
    generated: "生成时间",
    note: "本明细由店铺作为扣缴义务人出具，供个人核对；正式完税信息以税务机关（个人所得税 App）为准。",
    statementNote: "金额单位：元。余额为负表示退款追回了已提现的佣金，之后的收入会先补足。",
  },
  en: {
    statement: "Monthly income statement",
    certificate: "Income tax withholding statement",
    shop: "Shop",
    agent: "Withholding agent",
    distributor: "Distributor",
    payee: "Taxpayer",
    idNumber: "ID number",
    month: "Month",
    opening: "Opening balances",
    closing: "Closing balances",
    movements: "This month's movements",
    none: "No movements this month",
    count: "entries",
    incomeType: "Income: labour remuneration (the month's payouts count as one payment)",
    payouts: "Payouts this month",
    noPayouts: "No payouts this month",
    paidAt: "Paid at",
    gross: "Gross",
    tax: "Tax withheld",
    net: "Received",
    income: "Income",
    deduction: "Deduction",
    taxable: "Taxable amount",
    taxWithheld: "Tax withheld",
    netPaid: "Paid",
    generated: "Generated",
    note: "Issued by the shop as withholding agent for your records; the tax authority's records (the IIT app) are authoritative.",
    statementNote: "Amounts in CNY. A negative balance means a refund took back commission already withdrawn; later income repays it first.",
  },
} as const;

const ACCOUNT: Record<string, Record<Locale, string>> = {
  distributor_pending: { "zh-CN": "待结算", en: "Pending" },
  distributor_available: { "zh-CN": "已结算（可提现）", en: "Available" },
  distributor_withdrawing: { "zh-CN": "提现中", en: "Withdrawing" },
  distributor_paid_out: { "zh-CN": "已提现", en: "Paid out" },
  distributor_tax_withheld: { "zh-CN": "代扣个税", en: "Tax withheld" },
};
const TRANSFER: Record<string, Record<Locale, string>> = {
  commission_accrued: { "zh-CN": "佣金入账", en: "Commission earned" },
  commission_settled: { "zh-CN": "佣金结算", en: "Commission settled" },
  commission_clawback: { "zh-CN": "退款追回佣金", en: "Commission reversed by a refund" },
  commission_held: { "zh-CN": "争议冻结佣金", en: "Commission held (card dispute)" },
  bonus: { "zh-CN": "团队奖励", en: "Team bonus and rewards" },
  withdrawal_reserved: { "zh-CN": "申请提现", en: "Withdrawal requested" },
  withdrawal_returned: { "zh-CN": "提现退回", en: "Withdrawal returned" },
  payout: { "zh-CN": "提现到账", en: "Paid out" },
  correction: { "zh-CN": "更正", en: "Correction" },
};

const when = (d: Date | string, locale: Locale, timeZone: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(d));

export type StatementData = {
  shop: string;
  code: string;
  nameMasked: string;
  month: string;
  timeZone: string;
  lines: { transfer: string; account: string; count: number; fen: number }[];
  balances: { account: string; openingFen: number; closingFen: number }[];
};

export function incomeStatementPdf(s: StatementData, locale: Locale, now = new Date()): Promise<Buffer> {
  const t = L[locale];
  const money = (fen: number) => formatFen(fen, locale);
  return render(`${t.statement} ${s.month}`, (doc) => {
    doc.fontSize(18).text(t.statement, { align: "center" });
    doc.moveDown(0.6);
    row(doc, `${t.shop}：${s.shop}`, `${t.month}：${s.month}`);
    row(doc, `${t.distributor}：${s.nameMasked}（${s.code}）`, "");
    rule(doc);
    doc.fontSize(12).text(t.opening);
    for (const b of s.balances) row(doc, ACCOUNT[b.account]?.[locale] ?? b.account, money(b.openingFen));
    doc.moveDown(0.4);
    rule(doc);
    doc.fontSize(12).text(t.movements);
    if (!s.lines.length) row(doc, t.none, "");
    for (const l of s.lines) row(doc, `${TRANSFER[l.transfer]?.[locale] ?? l.transfer} · ${ACCOUNT[l.account]?.[locale] ?? l.account}（${l.count} ${t.count}）`, `${l.fen > 0 ? "+" : ""}${money(l.fen)}`);
    doc.moveDown(0.4);
    rule(doc);
    doc.fontSize(12).text(t.closing);
    for (const b of s.balances) row(doc, ACCOUNT[b.account]?.[locale] ?? b.account, money(b.closingFen), { bold: b.account === "distributor_available" });
    doc.moveDown(1);
    doc.fontSize(8).fillColor("#666").text(t.statementNote);
    doc.text(`${t.generated}：${when(now, locale, s.timeZone)}`);
  });
}

export type CertificateData = {
  shop: string;
  realName: string;
  idMasked: string;
  month: string;
  timeZone: string;
  payouts: { paidAt: string; grossFen: number; taxFen: number; netFen: number }[];
  incomeFen: number;
  deductionFen: number;
  taxableFen: number;
  taxFen: number;
  netFen: number;
};

export function withholdingCertificatePdf(c: CertificateData, locale: Locale, now = new Date()): Promise<Buffer> {
  const t = L[locale];
  const money = (fen: number) => formatFen(fen, locale);
  return render(`${t.certificate} ${c.month}`, (doc) => {
    doc.fontSize(18).text(t.certificate, { align: "center" });
    doc.moveDown(0.6);
    row(doc, `${t.agent}：${c.shop}`, `${t.month}：${c.month}`);
    row(doc, `${t.payee}：${c.realName}`, `${t.idNumber}：${c.idMasked}`);
    doc.fontSize(9).fillColor("#444").text(t.incomeType);
    doc.moveDown(0.4);
    rule(doc);
    doc.fontSize(12).fillColor("#000").text(t.payouts);
    if (!c.payouts.length) row(doc, t.noPayouts, "");
    else {
      const widths = [0.34, 0.22, 0.22, 0.22];
      columns(doc, [t.paidAt, t.gross, t.tax, t.net], widths, { header: true });
      for (const p of c.payouts) columns(doc, [when(p.paidAt, locale, c.timeZone), money(p.grossFen), money(p.taxFen), money(p.netFen)], widths);
    }
    doc.moveDown(0.4);
    rule(doc);
    row(doc, t.income, money(c.incomeFen));
    row(doc, t.deduction, money(c.deductionFen));
    row(doc, t.taxable, money(c.taxableFen));
    row(doc, t.taxWithheld, money(c.taxFen), { bold: true });
    row(doc, t.netPaid, money(c.netFen));
    doc.moveDown(1);
    doc.fontSize(8).fillColor("#666").text(t.note);
    doc.text(`${t.generated}：${when(now, locale, c.timeZone)}`);
  });
}
