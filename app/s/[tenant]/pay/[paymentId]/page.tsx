import { getLocale, getTranslations } from "next-intl/server";
import { notFound, redirect } from "next/navigation";
import { ShieldAlert } from "lucide-react";
import { isUuid } from "@/packages/core/src/errors";
import { formatFen } from "@/packages/core/src/money";
import { withTenant } from "@/packages/db/src/context";
import { paymentForBuyer } from "@/packages/db/src/queries/payments";
import { getDb } from "@/packages/server/src/db";
import { PaySimulator } from "@/components/storefront/pay-simulator";
import { requireShopper, storefrontBase, storefrontTenant } from "../../tenant";

/** The simulator's payment page (used when no Stripe keys are configured). */
export default async function PayPage({ params }: { params: Promise<{ tenant: string; paymentId: string }> }) {
  const { tenant: key, paymentId } = await params;
  const tenant = await storefrontTenant(key);
  if (!tenant || !isUuid(paymentId)) notFound();
  const base = await storefrontBase(tenant.slug);
  const user = await requireShopper(`${base}/pay/${paymentId}`);
  const hit = await withTenant(await getDb(), tenant.id, (tx) => paymentForBuyer(tx, tenant.id, paymentId, user.id), user.id);
  if (!hit || hit.payment.provider !== "simulator") notFound();
  if (hit.order.status !== "created" || (hit.payment.status !== "pending" && hit.payment.status !== "failed")) redirect(`${base}/orders/${hit.order.id}`);
  const t = await getTranslations("shop");
  const locale = await getLocale();
  const amount = formatFen(hit.payment.amountFen, locale);
  return (
    <div className="space-y-4 p-4">
      <h1 className="text-lg font-semibold">{t("payTitle")}</h1>
      <div className="rounded-brand bg-white p-5 text-center shadow-sm ring-1 ring-black/5">
        <p className="text-sm text-slate-500">{t("orderNo", { no: hit.order.no })}</p>
        <p className="mt-2 text-3xl font-bold" data-testid="pay-amount">
          {amount}
        </p>
      </div>
      <p className="flex gap-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-xs text-amber-800" data-testid="simulator-notice">
        <ShieldAlert className="h-4 w-4 shrink-0" aria-hidden />
        {t("simulatorNotice")}
      </p>
      <PaySimulator shop={decodeURIComponent(key)} base={base} paymentId={paymentId} amountLabel={amount} />
    </div>
  );
}
