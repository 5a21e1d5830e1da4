import { cookies } from "next/headers";
import { api } from "@/packages/server/src/api";
import { LOCALE_COOKIE, toLocale } from "@/packages/i18n/src";
import { procedureErrorResponse } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

/** A CSV field: quoted, quotes doubled; a leading =, +, - or @ is neutralised so a spreadsheet does not run it. */
const cell = (v: string | number | null) => {
  const s = v === null ? "" : String(v);
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};
const yuan = (fen: number) => (fen / 100).toFixed(2);

/**
 * GET /api/finance/withholding?month=YYYY-MM: the month's withholding per distributor as CSV for filing
 * (finance, owner, admin of the active shop; the read is recorded). UTF-8 with a BOM so Excel shows the Chinese.
 */
export async function GET(req: Request) {
  const month = new URL(req.url).searchParams.get("month") ?? "";
  let rows;
  try {
    rows = await (await api()).finance.withholding({ month });
  } catch (e) {
    return procedureErrorResponse(e, toLocale((await cookies()).get(LOCALE_COOKIE)?.value));
  }
  const header = ["分销员编号 code", "姓名 name", "证件号 ID (masked)", "笔数 payouts", "收入 income (CNY)", "减除费用 deduction (CNY)", "代扣税额 tax (CNY)", "实付 net (CNY)"];
  const lines = [header.map(cell).join(","), ...rows.map((r) => [r.code, r.name, r.idMasked, r.payouts, yuan(r.incomeFen), yuan(r.deductionFen), yuan(r.taxFen), yuan(r.netFen)].map(cell).join(","))];
  return new Response(`\uFEFF${lines.join("\r\n")}\r\n`, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="withholding-${month}.csv"`, "cache-control": "private, no-store" },
  });
}
