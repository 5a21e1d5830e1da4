"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { cn } from "@/lib/cn";
import { formatFen } from "@/packages/core/src/money";
import { checkoutInput } from "@/packages/orders/src/schemas";
import { AddressFields, EMPTY_ADDRESS, type AddressDraft } from "./address-fields";

type Address = { id: string; name: string; phone: string; province: string; city: string; district: string; detail: string; isDefault: boolean };
type Props = {
  shop: string;
  base: string;
  items: { skuId: string; quantity: number }[];
  addresses: Address[];
  totalFen: number;
  refCode: string | null;
  refVia?: "link" | "qr" | null;
  fromCart: boolean;
};

/**
 * Checkout: pick a saved address (the default is preselected) or enter one,
 * then one tap places the order and opens the payment. The idempotency key is
 * made once per visit, so a double tap or a retry returns the same order.
 */
export function CheckoutForm({ shop, base, items, addresses, totalFen, refCode, refVia, fromCart }: Props) {
  const t = useTranslations("shop");
  const locale = useLocale();
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [key] = useState(() => crypto.randomUUID());
  const [addressId, setAddressId] = useState<string | null>(addresses.find((a) => a.isDefault)?.id ?? addresses[0]?.id ?? null);
  const [draft, setDraft] = useState<AddressDraft>(EMPTY_ADDRESS);
  const [note, setNote] = useState("");
  const [leaving, setLeaving] = useState(false);
  const mutation = useMutation(
    trpc.shop.checkout.mutationOptions({
      onSuccess: (r) => {
        setLeaving(true);
        window.location.assign(r.url ?? `${base}/orders/${r.orderId}`);
      },
    }),
  );
  const { fields, formError, submit, pending } = useValidatedMutation(checkoutInput, mutation, (d) => ({ ...d, base: `${window.location.origin}${base}` }));

  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        void submit({
          shop,
          items,
          addressId: addressId ?? undefined,
          address: addressId ? undefined : draft,
          note,
          refCode,
          refVia: refCode ? refVia : null,
          fromCart,
          idempotencyKey: key,
        });
      }}
    >
      <section className="rounded-brand bg-white p-4 shadow-sm ring-1 ring-black/5">
        <h2 className="mb-2 font-medium">{t("address")}</h2>
        <div className="space-y-2" role="radiogroup" aria-label={t("address")}>
          {addresses.map((a) => (
            <label key={a.id} className={cn("flex cursor-pointer gap-3 rounded-md border p-3 text-sm", addressId === a.id ? "border-brand" : "border-black/10")}>
              <input type="radio" name="address" checked={addressId === a.id} onChange={() => setAddressId(a.id)} />
              <span>
                <span className="font-medium">{a.name}</span> {a.phone}
                {a.isDefault ? <span className="ml-2 rounded bg-brand/10 px-1 text-xs text-brand">{t("default")}</span> : null}
                <span className="block text-slate-500">
                  {a.province} {a.city} {a.district} {a.detail}
                </span>
              </span>
            </label>
          ))}
          {addresses.length ? (
            <label className={cn("flex cursor-pointer items-center gap-3 rounded-md border p-3 text-sm", addressId === null ? "border-brand" : "border-black/10")}>
              <input type="radio" name="address" checked={addressId === null} onChange={() => setAddressId(null)} data-testid="new-address" />
              {t("newAddress")}
            </label>
          ) : null}
        </div>
        {addressId === null ? (
          <div className="mt-3">
            <AddressFields value={draft} onChange={setDraft} errors={fields} prefix="address." />
          </div>
        ) : null}
      </section>
      <section className="rounded-brand bg-white p-4 shadow-sm ring-1 ring-black/5">
        <Field label={t("note")} htmlFor="note" error={fields.note}>
          <Input id="note" value={note} maxLength={200} placeholder={t("notePlaceholder")} onChange={(e) => setNote(e.target.value)} />
        </Field>
      </section>
      <FormError message={formError ?? fields.items ?? fields["items.0.quantity"] ?? null} />
      <div className="fixed bottom-14 left-1/2 z-10 flex w-full max-w-md -translate-x-1/2 items-center justify-between gap-3 border-t border-black/5 bg-white/95 p-2 pl-4 backdrop-blur">
        <span className="text-sm">
          {t("total")} <strong className="text-lg text-brand" data-testid="checkout-total">{formatFen(totalFen, locale)}</strong>
        </span>
        <Button variant="brand" type="submit" disabled={!hydrated || pending || leaving} data-testid="submit-order">
          {pending || leaving ? t("submitting") : t("submitOrder")}
        </Button>
      </div>
    </form>
  );
}
