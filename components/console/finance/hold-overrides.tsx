"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { ProductSearchBox, useProductSearch, type ProductOption } from "@/components/console/distribution/product-search";

type Override = { scope: "product" | "category"; id: string; name: string; days: number };

/**
 * Settlement holds of particular products and categories (T+N days after the order completes): a product's
 * own hold, else its category's, else the default above; high-value goods can wait longer for review.
 */
export function HoldOverrides({ overrides, products, categories, canWrite }: { overrides: Override[]; products: ProductOption[]; categories: { id: string; name: string }[]; canWrite: boolean }) {
  const t = useTranslations("finance.holds");
  const trpc = useTRPC();
  const router = useRouter();
  const [scope, setScope] = useState<Override["scope"]>("category");
  const [targetId, setTargetId] = useState("");
  const [days, setDays] = useState("7");
  const [chosen, setChosen] = useState<ProductOption | undefined>(undefined);
  const search = useProductSearch(products, chosen);
  const save = useMutation(trpc.finance.saveHoldOverride.mutationOptions({ onSuccess: () => { setTargetId(""); router.refresh(); } }));
  const err = errorInfo(save.error);
  const targets = scope === "product" ? search.options : categories;
  return (
    <div className="space-y-3" data-testid="hold-overrides">
      <p className="text-sm text-slate-500">{t("hint")}</p>
      {overrides.length ? (
        <ul className="divide-y divide-slate-100 text-sm">
          {overrides.map((o) => (
            <li key={`${o.scope}:${o.id}`} className="flex items-center gap-2 py-1.5" data-testid="hold-override" data-scope={o.scope}>
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{t(`scope.${o.scope}`)}</span>
              <span className="font-medium">{o.name}</span>
              <span className="text-slate-600" data-testid="hold-override-days">{t("days", { days: o.days })}</span>
              {canWrite ? (
                <Button variant="ghost" size="sm" className="ml-auto text-red-600" aria-label={t("remove", { name: o.name })} disabled={save.isPending} onClick={() => save.mutate({ scope: o.scope, targetId: o.id, days: null })}>
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">{t("none")}</p>
      )}
      {canWrite ? (
        <form
          className="grid gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-[8rem_1fr_8rem_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ scope, targetId, days: /^\s*\d+\s*$/.test(days) ? Number(days) : Number.NaN });
          }}
          data-testid="hold-override-form"
        >
          <Field label={t("scopeLabel")} htmlFor="hold-scope">
            <Select id="hold-scope" value={scope} onChange={(e) => { setScope(e.target.value as Override["scope"]); setTargetId(""); }}>
              <option value="category">{t("scope.category")}</option>
              <option value="product">{t("scope.product")}</option>
            </Select>
          </Field>
          <Field label={t("target")} htmlFor="hold-target" error={err.fields.targetId ?? null}>
            {scope === "product" ? <ProductSearchBox id="hold-target-search" search={search} /> : null}
            <Select
              id="hold-target"
              value={targetId}
              onChange={(e) => {
                setTargetId(e.target.value);
                if (scope === "product") setChosen(search.options.find((p) => p.id === e.target.value));
              }}
            >
              <option value="">{t("choose")}</option>
              {targets.map((x) => (
                <option key={x.id} value={x.id}>{x.name}</option>
              ))}
            </Select>
          </Field>
          <Field label={t("daysLabel")} htmlFor="hold-days" error={err.fields.days ?? null}>
            <Input id="hold-days" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
          </Field>
          <Button type="submit" size="sm" disabled={save.isPending} data-testid="hold-override-save">{t("save")}</Button>
          {!Object.keys(err.fields).length ? <FormError message={err.message} /> : null}
        </form>
      ) : null}
    </div>
  );
}
