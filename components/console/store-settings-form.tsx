"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { useTRPC } from "@/components/trpc";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { storeSettingsInput } from "@/packages/orders/src/schemas";
import { yuanToFen } from "@/packages/core/src/yuan";

type Initial = { shippingFlatFen: number; freeShippingFromFen: number | null; returnWindowDays: number; unpaidExpiryMinutes: number };
const yuan = (fen: number | null) => (fen === null ? "" : (fen / 100).toFixed(2));

/** Shipping fee (flat, free from an amount), the no-reason return window and unpaid-order expiry. */
export function StoreSettingsForm({ initial, canEdit }: { initial: Initial; canEdit: boolean }) {
  const t = useTranslations("orders");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const [v, setV] = useState({ flat: yuan(initial.shippingFlatFen), free: yuan(initial.freeShippingFromFen), days: String(initial.returnWindowDays), minutes: String(initial.unpaidExpiryMinutes) });
  const [saved, setSaved] = useState(false);
  const m = useMutation(trpc.orders.updateSettings.mutationOptions({ onSuccess: () => { setSaved(true); router.refresh(); } }));
  const { fields, formError, submit, pending } = useValidatedMutation(storeSettingsInput, m);
  const num = (s: string) => (s.trim() === "" ? NaN : Number(s));
  return (
    <form
      className="grid gap-4 sm:grid-cols-2"
      data-testid="store-settings"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void submit({
          shippingFlatFen: yuanToFen(v.flat) ?? -1,
          freeShippingFromFen: v.free.trim() === "" ? null : (yuanToFen(v.free) ?? -1),
          returnWindowDays: num(v.days),
          unpaidExpiryMinutes: num(v.minutes),
        });
      }}
    >
      <Field label={t("shippingFee")} htmlFor="ship-flat" error={fields.shippingFlatFen}>
        <Input id="ship-flat" inputMode="decimal" disabled={!canEdit} value={v.flat} onChange={(e) => setV({ ...v, flat: e.target.value })} />
      </Field>
      <Field label={t("freeFrom")} htmlFor="ship-free" error={fields.freeShippingFromFen}>
        <Input id="ship-free" inputMode="decimal" disabled={!canEdit} value={v.free} onChange={(e) => setV({ ...v, free: e.target.value })} />
      </Field>
      <Field label={t("returnDays")} htmlFor="return-days" error={fields.returnWindowDays}>
        <Input id="return-days" inputMode="numeric" disabled={!canEdit} value={v.days} onChange={(e) => setV({ ...v, days: e.target.value })} />
      </Field>
      <Field label={t("expiryMinutes")} htmlFor="expiry-minutes" error={fields.unpaidExpiryMinutes}>
        <Input id="expiry-minutes" inputMode="numeric" disabled={!canEdit} value={v.minutes} onChange={(e) => setV({ ...v, minutes: e.target.value })} />
      </Field>
      <div className="flex items-center gap-3 sm:col-span-2">
        {canEdit ? (
          <Button type="submit" disabled={pending}>
            {c("save")}
          </Button>
        ) : (
          <span className="text-sm text-slate-500">{t("noPermission")}</span>
        )}
        {saved ? <span role="status" className="text-sm text-emerald-700">{t("saved")}</span> : null}
      </div>
      <div className="sm:col-span-2">
        <FormError message={formError} />
      </div>
    </form>
  );
}
