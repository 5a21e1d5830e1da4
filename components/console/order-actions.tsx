"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { merchantRefundInput, refundDecisionInput, shipInput } from "@/packages/orders/src/schemas";
import { yuanToFen } from "@/packages/core/src/yuan";

const CARRIERS = ["顺丰速运", "中通快递", "圆通速递", "韵达快递", "申通快递", "京东物流", "EMS", "极兔速递"];

export function ShipForm({ orderId }: { orderId: string }) {
  const t = useTranslations("orders");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [carrier, setCarrier] = useState(CARRIERS[0]!);
  const [trackingNo, setTrackingNo] = useState("");
  const m = useMutation(trpc.orders.ship.mutationOptions({ onSuccess: () => router.refresh() }));
  const { fields, formError, submit, pending } = useValidatedMutation(shipInput, m);
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
      data-testid="ship-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit({ orderId, carrier, trackingNo });
      }}
    >
      <Field label={t("carrier")} htmlFor="carrier" error={fields.carrier}>
        <Input id="carrier" list="carriers" value={carrier} onChange={(e) => setCarrier(e.target.value)} />
        <datalist id="carriers">
          {CARRIERS.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </Field>
      <Field label={t("trackingNo")} htmlFor="tracking" error={fields.trackingNo}>
        <Input id="tracking" value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} aria-invalid={!!fields.trackingNo} />
      </Field>
      <Button type="submit" disabled={!hydrated || pending} data-testid="ship-submit">
        {t("ship")}
      </Button>
      <div className="sm:col-span-3">
        <FormError message={formError} />
      </div>
    </form>
  );
}

/** Approve (optionally a smaller amount, restock or not) or refuse a shopper's return/refund request. */
export function RefundDecision({ refundId, requestedFen, restockDefault }: { refundId: string; requestedFen: number; restockDefault: boolean }) {
  const t = useTranslations("orders");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [amount, setAmount] = useState((requestedFen / 100).toFixed(2));
  const [restock, setRestock] = useState(restockDefault);
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState("");
  const m = useMutation(trpc.orders.decideRefund.mutationOptions({ onSuccess: () => router.refresh() }));
  const { fields, formError, submit, pending } = useValidatedMutation(refundDecisionInput, m);
  return (
    <div className="space-y-2" data-testid="refund-decision">
      {refusing ? (
        <div className="grid gap-2 sm:grid-cols-[1fr_auto] sm:items-end">
          <Field label={t("refuseReason")} htmlFor={`refuse-${refundId}`} error={fields.reason}>
            <Input id={`refuse-${refundId}`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <Button variant="destructive" disabled={pending} onClick={() => void submit({ refundId, decision: "refuse", reason })} data-testid="refuse-submit">
            {t("refuse")}
          </Button>
        </div>
      ) : (
        <div className="grid gap-2 sm:grid-cols-[10rem_1fr_auto_auto] sm:items-end">
          <Field label={t("amount")} htmlFor={`amt-${refundId}`} error={fields.amountFen}>
            <Input id={`amt-${refundId}`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
          </Field>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} data-testid="restock" />
            {t("restock")}
          </label>
          <Button disabled={!hydrated || pending} onClick={() => void submit({ refundId, decision: "approve", amountFen: yuanToFen(amount) ?? -1, restock })} data-testid="approve-refund">
            {t("approve")}
          </Button>
          <Button variant="outline" onClick={() => setRefusing(true)} data-testid="refuse-refund">
            {t("refuse")}
          </Button>
        </div>
      )}
      <FormError message={formError} />
    </div>
  );
}

/** The merchant refunds whole or part without a request. */
export function MerchantRefundForm({ orderId, maxFen, maxLabel }: { orderId: string; maxFen: number; maxLabel: string }) {
  const t = useTranslations("orders");
  const trpc = useTRPC();
  const router = useRouter();
  const [amount, setAmount] = useState((maxFen / 100).toFixed(2));
  const [reason, setReason] = useState("");
  const [restock, setRestock] = useState(false);
  const m = useMutation(trpc.orders.refund.mutationOptions({ onSuccess: () => router.refresh() }));
  const { fields, formError, submit, pending } = useValidatedMutation(merchantRefundInput, m);
  return (
    <form
      className="grid gap-2 sm:grid-cols-[10rem_1fr_auto_auto] sm:items-end"
      data-testid="merchant-refund"
      onSubmit={(e) => {
        e.preventDefault();
        void submit({ orderId, amountFen: yuanToFen(amount) ?? -1, reason, restock });
      }}
    >
      <Field label={t("amount")} htmlFor="refund-amount" hint={t("maxRefund", { max: maxLabel })} error={fields.amountFen}>
        <Input id="refund-amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </Field>
      <Field label={t("refundReason")} htmlFor="refund-reason" error={fields.reason}>
        <Input id="refund-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <label className="flex items-center gap-2 pb-2 text-sm">
        <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} />
        {t("restock")}
      </label>
      <Button type="submit" variant="outline" disabled={pending} data-testid="merchant-refund-submit">
        {t("refundNow")}
      </Button>
      <div className="sm:col-span-4">
        <FormError message={formError} />
      </div>
    </form>
  );
}
