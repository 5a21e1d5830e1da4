"use client";

import { useTranslations } from "next-intl";
import { Field, Input } from "@/components/ui/form";
import type { AddressFormInput } from "@/packages/orders/src/schemas";

export type AddressDraft = Required<Omit<AddressFormInput, "isDefault">> & { isDefault: boolean };
export const EMPTY_ADDRESS: AddressDraft = { name: "", phone: "", province: "", city: "", district: "", detail: "", isDefault: false };

/** The address form's fields; `errors` are keyed by field (already translated), `prefix` is the error path prefix. */
export function AddressFields({ value, onChange, errors, prefix = "" }: { value: AddressDraft; onChange: (v: AddressDraft) => void; errors: Record<string, string>; prefix?: string }) {
  const t = useTranslations("shop");
  const field = (k: keyof Omit<AddressDraft, "isDefault">, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field label={label} htmlFor={`addr-${k}`} error={errors[`${prefix}${k}`]}>
      <Input
        id={`addr-${k}`}
        name={k}
        value={value[k]}
        aria-invalid={!!errors[`${prefix}${k}`]}
        onChange={(e) => onChange({ ...value, [k]: e.target.value })}
        {...props}
      />
    </Field>
  );
  return (
    <div className="grid grid-cols-2 gap-3">
      {field("name", t("recipient"), { autoComplete: "name" })}
      {field("phone", t("phone"), { autoComplete: "tel", inputMode: "tel" })}
      {field("province", t("province"), { autoComplete: "address-level1" })}
      {field("city", t("city"), { autoComplete: "address-level2" })}
      <div className="col-span-2">{field("district", t("district"), { autoComplete: "address-level3" })}</div>
      <div className="col-span-2">{field("detail", t("detail"), { autoComplete: "street-address" })}</div>
      <label className="col-span-2 flex items-center gap-2 text-sm">
        <input type="checkbox" checked={value.isDefault} onChange={(e) => onChange({ ...value, isDefault: e.target.checked })} />
        {t("setDefault")}
      </label>
    </div>
  );
}
