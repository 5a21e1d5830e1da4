import { cookies, headers } from "next/headers";
import { api } from "@/packages/server/src/api";
import { incomeStatementPdf, withholdingCertificatePdf } from "@/packages/server/src/income-pdf";
import { localeOfHeaders } from "@/packages/server/src/miniprogram-http";
import { LOCALE_COOKIE, toLocale } from "@/packages/i18n/src";
import { procedureErrorResponse } from "@/lib/route-errors";

export const dynamic = "force-dynamic";

/**
 * GET /api/shop/{tenant}/income/statement?month=YYYY-MM and …/certificate?month=…: the signed-in distributor's
 * monthly income statement and withholding certificate as PDF (Chinese font embedded), in their language. The
 * storefront's session or the mini-program's bearer token; their own data only (shop.withdrawals.*).
 */
export async function GET(req: Request, { params }: { params: Promise<{ tenant: string; doc: string }> }) {
  const { tenant, doc } = await params;
  const shop = decodeURIComponent(tenant);
  const month = new URL(req.url).searchParams.get("month") ?? "";
  const h = await headers();
  const locale = h.get("authorization") ? localeOfHeaders(h) : toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  if (doc !== "statement" && doc !== "certificate") return new Response("not found", { status: 404 });
  let pdf: Buffer;
  try {
    const caller = await api();
    pdf = doc === "statement" ? await incomeStatementPdf(await caller.shop.withdrawals.statement({ shop, month }), locale) : await withholdingCertificatePdf(await caller.shop.withdrawals.certificate({ shop, month }), locale);
  } catch (e) {
    return procedureErrorResponse(e, locale);
  }
  const name = doc === "statement" ? `income-statement-${month}.pdf` : `withholding-${month}.pdf`;
  return new Response(new Uint8Array(pdf), {
    headers: { "content-type": "application/pdf", "content-disposition": `inline; filename="${name}"`, "cache-control": "private, no-store", "x-content-type-options": "nosniff" },
  });
}
