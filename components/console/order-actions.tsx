"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { merchantRefundInput, refundDecisionInput, shipInput } from "@/packages/orders/src/schemas";
import { formatFen } from "@/packages/core/src/money";
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

/** An order line as the refund forms need it: how many of its units are not back in stock yet. */
export type RefundableLine = { id: string; name: string; spec: string; left: number };

/** The units per line to put back, one number input each (0 … what is not back yet). */
function RestockUnitsPicker({ lines, units, onChange, error }: { lines: RefundableLine[]; units: Record<string, string>; onChange: (u: Record<string, string>) => void; error?: string }) {
  const t = useTranslations("orders");
  return (
    <fieldset className="space-y-1 text-sm" data-testid="restock-units">
      <legend className="text-xs text-slate-500">{t("restockUnits")}</legend>
      {lines.map((l) => (
        <label key={l.id} className="flex items-center gap-2">
          <Input
            type="number"
            min={0}
            max={l.left}
            step={1}
            className="h-8 w-20"
            value={units[l.id] ?? "0"}
            disabled={l.left === 0}
            onChange={(e) => onChange({ ...units, [l.id]: e.target.value })}
            data-testid="restock-qty"
            aria-invalid={!!error}
          />
          <span>
            {l.name}
            {l.spec ? <span className="text-slate-500"> · {l.spec}</span> : null}
            <span className="text-slate-400"> · {t("restockLeft", { n: l.left })}</span>
          </span>
        </label>
      ))}
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </fieldset>
  );
}

const unitsOf = (lines: RefundableLine[], units: Record<string, string>) =>
  lines.map((l) => ({ lineId: l.id, quantity: Number(units[l.id] ?? 0) })).filter((u) => u.quantity !== 0);
const allUnits = (lines: RefundableLine[], all: boolean) => Object.fromEntries(lines.map((l) => [l.id, String(all ? l.left : 0)]));

/** The step before money moves: what goes back to the shopper and to stock, then 确认退款. */
function RefundConfirm({ amountFen, units, onConfirm, onBack, pending }: { amountFen: number; units: number; onConfirm: () => void; onBack: () => void; pending: boolean }) {
  const t = useTranslations("orders");
  const locale = useLocale();
  return (
    <div role="alertdialog" aria-labelledby="refund-confirm-title" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="refund-confirm">
      <p id="refund-confirm-title" className="font-medium">{t("confirmAmount", { amount: formatFen(amountFen, locale) })}</p>
      <p data-testid="refund-confirm-restock">{units > 0 ? t("confirmRestock", { units }) : t("confirmNoRestock")}</p>
      <div className="flex gap-2">
        <Button variant="destructive" disabled={pending} onClick={onConfirm} data-testid="confirm-refund">
          {t("confirmRefund")}
        </Button>
        <Button variant="outline" disabled={pending} onClick={onBack} data-testid="confirm-back">
          {t("confirmBack")}
        </Button>
      </div>
    </div>
  );
}

/**
 * Approve (optionally a smaller amount, restock or not, which units) or refuse
 * a shopper's return/refund request. A return, or a request for everything
 * left, puts back every unit not back yet unless the merchant changes it.
 */
export function RefundDecision({
  refundId,
  requestedFen,
  restockDefault,
  wholeDefault,
  lines,
}: {
  refundId: string;
  requestedFen: number;
  restockDefault: boolean;
  wholeDefault: boolean;
  lines: RefundableLine[];
}) {
  const t = useTranslations("orders");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [amount, setAmount] = useState((requestedFen / 100).toFixed(2));
  const [restock, setRestock] = useState(restockDefault);
  const [units, setUnits] = useState(() => allUnits(lines, wholeDefault));
  const [confirming, setConfirming] = useState(false);
  const [refusing, setRefusing] = useState(false);
  const [reason, setReason] = useState("");
  const m = useMutation(trpc.orders.decideRefund.mutationOptions({ onSuccess: () => router.refresh() }));
  const { fields, formError, check, submit, pending } = useValidatedMutation(refundDecisionInput, m);
  const values = { refundId, decision: "approve" as const, amountFen: yuanToFen(amount) ?? -1, restock, lines: restock ? unitsOf(lines, units) : [] };
  const restockedUnits = values.lines.reduce((n, u) => n + u.quantity, 0);
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
        <>
          <div className="grid gap-2 sm:grid-cols-[10rem_1fr_auto_auto] sm:items-end">
            <Field label={t("amount")} htmlFor={`amt-${refundId}`} error={fields.amountFen}>
              <Input id={`amt-${refundId}`} inputMode="decimal" value={amount} disabled={confirming} onChange={(e) => setAmount(e.target.value)} />
            </Field>
            <label className="flex items-center gap-2 pb-2 text-sm">
              <input type="checkbox" checked={restock} disabled={confirming} onChange={(e) => setRestock(e.target.checked)} data-testid="restock" />
              {t("restock")}
            </label>
            <Button disabled={!hydrated || pending || confirming} onClick={() => setConfirming(check(values))} data-testid="approve-refund">
              {t("approve")}
            </Button>
            <Button variant="outline" disabled={confirming} onClick={() => setRefusing(true)} data-testid="refuse-refund">
              {t("refuse")}
            </Button>
          </div>
          {restock && lines.length ? <RestockUnitsPicker lines={lines} units={units} onChange={setUnits} error={Object.entries(fields).find(([k]) => k.startsWith("lines"))?.[1]} /> : null}
          {confirming ? (
            <RefundConfirm
              amountFen={values.amountFen}
              units={restockedUnits}
              pending={pending}
              onBack={() => setConfirming(false)}
              onConfirm={() => void submit(values).then(() => setConfirming(false))}
            />
          ) : null}
        </>
      )}
      <FormError message={formError} />
    </div>
  );
}

/** The merchant refunds whole or part without a request; a refund of everything left puts every unit back by default when restocking. */
export function MerchantRefundForm({ orderId, maxFen, maxLabel, lines }: { orderId: string; maxFen: number; maxLabel: string; lines: RefundableLine[] }) {
  const t = useTranslations("orders");
  const trpc = useTRPC();
  const router = useRouter();
  const [amount, setAmount] = useState((maxFen / 100).toFixed(2));
  const [reason, setReason] = useState("");
  const [restock, setRestock] = useState(false);
  const [units, setUnits] = useState(() => allUnits(lines, true));
  const [confirming, setConfirming] = useState(false);
  const m = useMutation(trpc.orders.refund.mutationOptions({ onSuccess: () => router.refresh() }));
  const { fields, formError, check, submit, pending } = useValidatedMutation(merchantRefundInput, m);
  const values = { orderId, amountFen: yuanToFen(amount) ?? -1, reason, restock, lines: restock ? unitsOf(lines, units) : [] };
  return (
    <form
      className="space-y-2"
      data-testid="merchant-refund"
      onSubmit={(e) => {
        e.preventDefault();
        setConfirming(check(values));
      }}
    >
      <div className="grid gap-2 sm:grid-cols-[10rem_1fr_auto_auto] sm:items-end">
        <Field label={t("amount")} htmlFor="refund-amount" hint={t("maxRefund", { max: maxLabel })} error={fields.amountFen}>
          <Input id="refund-amount" inputMode="decimal" value={amount} disabled={confirming} onChange={(e) => setAmount(e.target.value)} />
        </Field>
        <Field label={t("refundReason")} htmlFor="refund-reason" error={fields.reason}>
          <Input id="refund-reason" value={reason} disabled={confirming} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" checked={restock} disabled={confirming} onChange={(e) => setRestock(e.target.checked)} />
          {t("restock")}
        </label>
        <Button type="submit" variant="outline" disabled={pending || confirming} data-testid="merchant-refund-submit">
          {t("refundNow")}
        </Button>
      </div>
      {restock && lines.length ? <RestockUnitsPicker lines={lines} units={units} onChange={setUnits} error={Object.entries(fields).find(([k]) => k.startsWith("lines"))?.[1]} /> : null}
      {confirming ? (
        <RefundConfirm
          amountFen={values.amountFen}
          units={values.lines.reduce((n, u) => n + u.quantity, 0)}
          pending={pending}
          onBack={() => setConfirming(false)}
          onConfirm={() => void submit(values).then(() => setConfirming(false))}
        />
      ) : null}
      <FormError message={formError} />
    </form>
  );
}
