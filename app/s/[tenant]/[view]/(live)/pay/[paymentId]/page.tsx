import { getLocale, getTranslations } from "next-intl/server";
import { notFound, redirect } from "next/navigation";
import { ShieldAlert } from "lucide-react";
import { formatFen } from "@/packages/core/src/money";
import { PaySimulator } from "@/components/storefront/pay-simulator";
import { simulatorPolicy } from "@/packages/payments/src/simulator";
import { orNotFound } from "@/lib/not-found";
import { shopperPage, type StorefrontParams } from "../../../tenant";

/** The simulator's payment page (used when no Stripe keys are configured). */
export default async function PayPage({ params }: { params: Promise<StorefrontParams & { paymentId: string }> }) {
  const route = await params;
  const { paymentId } = route;
  const { shop, base, api } = await shopperPage(route, `/pay/${paymentId}`);
  const hit = await orNotFound(api.shop.payment({ shop, paymentId }));
  if (hit.payment.provider !== "simulator") notFound();
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
      <PaySimulator shop={shop} base={base} paymentId={paymentId} amountLabel={amount} accounts={simulatorPolicy(process.env, false).accounts} />
    </div>
  );
}
