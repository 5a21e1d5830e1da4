"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { saveAddressInput } from "@/packages/orders/src/schemas";
import { AddressFields, EMPTY_ADDRESS, type AddressDraft } from "./address-fields";

type Address = AddressDraft & { id: string };

/** The shopper's address book: add, edit, make default, delete. */
export function AddressBook({ shop, addresses }: { shop: string; addresses: Address[] }) {
  const t = useTranslations("shop");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const [editing, setEditing] = useState<{ id: string | null; draft: AddressDraft } | null>(null);
  const done = { onSuccess: () => (setEditing(null), router.refresh()) };
  const save = useMutation(trpc.shop.saveAddress.mutationOptions(done));
  const remove = useMutation(trpc.shop.deleteAddress.mutationOptions({ onSuccess: () => router.refresh() }));
  const form = useValidatedMutation(saveAddressInput, save);
  const draftOf = (a: Address): AddressDraft => ({ name: a.name, phone: a.phone, province: a.province, city: a.city, district: a.district, detail: a.detail, isDefault: a.isDefault });

  return (
    <div className="space-y-2" data-testid="address-book">
      <ul className="space-y-2">
        {addresses.map((a) => (
          <li key={a.id} className="rounded-md border border-black/10 p-3" data-testid="address">
            <span className="font-medium">{a.name}</span> {a.phone}
            {a.isDefault ? <span className="ml-2 rounded bg-brand/10 px-1 text-xs text-brand">{t("default")}</span> : null}
            <span className="block text-slate-500">
              {a.province} {a.city} {a.district} {a.detail}
            </span>
            <span className="mt-2 flex gap-3 text-xs">
              <button type="button" className="text-brand disabled:opacity-40" disabled={!hydrated} onClick={() => setEditing({ id: a.id, draft: draftOf(a) })}>
                {t("edit")}
              </button>
              {!a.isDefault ? (
                <button type="button" className="text-brand disabled:opacity-40" disabled={!hydrated || save.isPending} data-testid="address-make-default" onClick={() => save.mutate({ shop, id: a.id, address: { ...draftOf(a), isDefault: true } })}>
                  {t("setDefault")}
                </button>
              ) : null}
              <button type="button" className="text-red-600 disabled:opacity-40" disabled={!hydrated || remove.isPending} data-testid="address-delete" onClick={() => remove.mutate({ shop, id: a.id })}>
                {t("delete")}
              </button>
            </span>
          </li>
        ))}
      </ul>
      <FormError message={errorInfo(remove.error).message} />
      {editing ? (
        <form
          className="space-y-3 rounded-md border border-black/10 p-3"
          data-testid="address-form"
          onSubmit={(e) => {
            e.preventDefault();
            void form.submit({ shop, id: editing.id, address: editing.draft });
          }}
        >
          <AddressFields value={editing.draft} onChange={(draft) => setEditing({ ...editing, draft })} errors={form.fields} prefix="address." />
          <FormError message={form.formError} />
          <div className="flex gap-2">
            <Button type="submit" variant="brand" disabled={!hydrated || form.pending} data-testid="address-save">
              {t("save")}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setEditing(null)}>
              {c("cancel")}
            </Button>
          </div>
        </form>
      ) : (
        <Button variant="outline" className="w-full" disabled={!hydrated} onClick={() => setEditing({ id: null, draft: EMPTY_ADDRESS })} data-testid="address-add">
          {t("addAddress")}
        </Button>
      )}
    </div>
  );
}
