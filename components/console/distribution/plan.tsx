"use client";

import { useMutation } from "@tanstack/react-query";
import { AlertTriangle, Trash2 } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/card";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { SaveBar } from "./save-bar";
import { overrideSchema, programmeSchema, type Override, type Programme } from "@/packages/commission/src/config";
import type { GuardViolation } from "@/packages/commission/src/engine";
import { DISTRIBUTOR_LEVELS, MAX_COMMISSION_LEVELS, type Rate } from "@/packages/commission/src/plan";
import { formatFen } from "@/packages/core/src/money";
import { fenToYuan, parseYuan } from "@/packages/core/src/yuan";
import { bpsToPercent, formatRate, percentToBps } from "./format";
import { ProductSearchBox, useProductSearch, type ProductOption } from "./product-search";

/** The rate table (commission level × distributor level, in %) and the margin guard share; saved with the programme. */
export function RatesForm({ programme, levelNames, canWrite }: { programme: Programme; levelNames: string[]; canWrite: boolean }) {
  const t = useTranslations("distribution.plan");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [rates, setRates] = useState(programme.rates.map((row) => row.map(bpsToPercent)));
  const [guard, setGuard] = useState(bpsToPercent(programme.marginGuardBps));
  const [saved, setSaved] = useState(false);
  const m = useMutation(trpc.distribution.saveProgramme.mutationOptions({ onSuccess: () => { setSaved(true); router.refresh(); } }));
  const { fields, formError, submit, pending } = useValidatedMutation(programmeSchema, m);
  const rateError = Object.entries(fields).find(([k]) => k.startsWith("rates"))?.[1];
  return (
    <Section title={t("rates")}>
      <form
        data-testid="rates-form"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          void submit({ ...programme, rates: rates.map((row) => row.map(percentToBps)), marginGuardBps: percentToBps(guard) });
        }}
      >
        <p className="mb-3 text-sm text-slate-500">{t("ratesHint", { levels: programme.levels })}</p>
        <div className="overflow-x-auto">
          <table className="w-full min-w-[36rem] text-sm" data-testid="rates-table">
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="px-2 py-2">{t("commissionLevel")}</th>
                {Array.from({ length: DISTRIBUTOR_LEVELS }, (_, i) => (
                  <th key={i} className="px-2 py-2">
                    {levelNames[i] ?? i + 1}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rates.map((row, l) => (
                <tr key={l} className={l >= programme.levels ? "text-slate-400" : undefined}>
                  <th scope="row" className="whitespace-nowrap px-2 py-2 text-left font-medium">
                    {t("levelN", { n: l + 1 })}
                    {l >= programme.levels ? <span className="block text-xs font-normal">{t("notPaid")}</span> : null}
                  </th>
                  {row.map((v, i) => (
                    <td key={i} className="px-2 py-1">
                      <div className="flex items-center gap-1">
                        <Input
                          className="w-20"
                          inputMode="decimal"
                          value={v}
                          disabled={!canWrite}
                          aria-label={t("rateFor", { level: l + 1, name: levelNames[i] ?? i + 1 })}
                          aria-invalid={!!fields[`rates.${l}.${i}`]}
                          data-testid={`rate-${l + 1}-${i + 1}`}
                          onChange={(e) => {
                            setSaved(false);
                            const next = rates.map((r) => [...r]);
                            next[l]![i] = e.target.value;
                            setRates(next);
                          }}
                        />
                        <span className="text-slate-400">%</span>
                      </div>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="mt-3 max-w-xs">
          <Field label={t("guard")} htmlFor="plan-guard" hint={t("guardHint")} error={fields.marginGuardBps}>
            <div className="flex items-center gap-1">
              <Input id="plan-guard" inputMode="decimal" value={guard} disabled={!canWrite} onChange={(e) => { setSaved(false); setGuard(e.target.value); }} />
              <span className="text-slate-400">%</span>
            </div>
          </Field>
        </div>
        <div className="mt-3 space-y-2">
          {rateError ? <FormError message={rateError} /> : null}
          <FormError message={formError ?? fields.plan} />
          <SaveBar canWrite={canWrite} disabled={!hydrated || pending} label={t("save")} saved={saved} testId="save-rates" />
        </div>
      </form>
    </Section>
  );
}

/** Products the current plan could pay above the margin guard (worst first). */
export function GuardReport({ violations }: { violations: GuardViolation[] }) {
  const t = useTranslations("distribution.plan");
  const locale = useLocale();
  if (!violations.length) {
    return (
      <p className="text-sm text-emerald-700" data-testid="guard-ok">
        {t("guardOk")}
      </p>
    );
  }
  return (
    <Section title={t("guardViolations")} data-testid="guard-violations" className="border-amber-300">
      <ul className="space-y-1 text-sm">
        {violations.map((v) => (
          <li key={v.productId} className="flex gap-2 text-amber-900">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-amber-600" aria-hidden />
            {t("violation", { name: v.name, worst: formatFen(v.worstFen, locale), cap: formatFen(v.capFen, locale) })}
          </li>
        ))}
      </ul>
    </Section>
  );
}

type Target = { id: string; name: string };
type ProductTarget = ProductOption;
type RateDraft = { kind: Rate["kind"]; value: string };

/** Overrides per category or product: a percentage or a fixed amount per unit, per commission level. */
export function Overrides({
  overrides,
  levels,
  products,
  categories,
  canWrite,
}: {
  overrides: (Override & { id: string; name: string })[];
  levels: number;
  products: ProductTarget[];
  categories: Target[];
  canWrite: boolean;
}) {
  const t = useTranslations("distribution.plan");
  const locale = useLocale();
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [scope, setScope] = useState<Override["scope"]>("category");
  const [targetId, setTargetId] = useState("");
  const [chosenProduct, setChosenProduct] = useState<ProductOption | undefined>(undefined);
  const productSearch = useProductSearch(products, chosenProduct);
  const [drafts, setDrafts] = useState<RateDraft[]>(Array.from({ length: MAX_COMMISSION_LEVELS }, () => ({ kind: "percent", value: "" })));
  const save = useMutation(
    trpc.distribution.saveOverride.mutationOptions({
      onSuccess: () => {
        setTargetId("");
        setDrafts(drafts.map(() => ({ kind: "percent", value: "" })));
        router.refresh();
      },
    }),
  );
  const del = useMutation(trpc.distribution.deleteOverride.mutationOptions({ onSuccess: () => router.refresh() }));
  const { fields, formError, submit, pending } = useValidatedMutation(overrideSchema, save);
  const targets = scope === "product" ? productSearch.options : categories;
  const toRate = (r: RateDraft): Rate => {
    if (r.kind === "percent") return { kind: "percent", bps: percentToBps(r.value) };
    const y = parseYuan(r.value);
    return { kind: "fixed", fenPerUnit: y.ok ? y.fen : -1 };
  };
  const perUnit = t("perUnit");
  return (
    <Section title={t("overrides")} data-testid="overrides">
      <p className="mb-3 text-sm text-slate-500">{t("overridesHint")}</p>
      {overrides.length === 0 ? (
        <p className="mb-3 text-sm text-slate-500">{t("noOverrides")}</p>
      ) : (
        <ul className="mb-4 divide-y divide-slate-100 text-sm">
          {overrides.map((o) => (
            <li key={o.id} className="flex flex-wrap items-center gap-2 py-2" data-testid="override-row">
              <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{t(`scope.${o.scope}`)}</span>
              <span className="font-medium">{o.name}</span>
              <span className="text-slate-600">
                {o.rates.map((r, i) => t("overrideRate", { level: i + 1, rate: formatRate(r, locale, perUnit) })).join(locale === "en" ? ", " : "，")}
              </span>
              {canWrite ? (
                <Button
                  variant="ghost"
                  size="sm"
                  className="ml-auto text-red-600"
                  disabled={!hydrated || del.isPending}
                  aria-label={t("deleteOverride", { name: o.name })}
                  data-testid="delete-override"
                  onClick={() => del.mutate({ id: o.id })}
                >
                  <Trash2 className="h-4 w-4" aria-hidden />
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <FormError message={errorInfo(del.error).message} />
      {canWrite ? (
        <form
          className="grid gap-3 rounded-lg bg-slate-50 p-3 sm:grid-cols-[8rem_1fr]"
          data-testid="override-form"
          onSubmit={(e) => {
            e.preventDefault();
            // Levels left empty at the end fall back to the category or the rate table; a gap in between is refused.
            const used = drafts.slice(0, levels);
            while (used.length && used[used.length - 1]!.value.trim() === "") used.pop();
            void submit({ scope, targetId, rates: used.map(toRate) });
          }}
        >
          <Field label={t("scopeLabel")} htmlFor="ov-scope">
            <Select id="ov-scope" value={scope} onChange={(e) => { setScope(e.target.value as Override["scope"]); setTargetId(""); }}>
              <option value="category">{t("scope.category")}</option>
              <option value="product">{t("scope.product")}</option>
            </Select>
          </Field>
          <Field label={t("target")} htmlFor="ov-target" error={fields.targetId}>
            {scope === "product" ? <ProductSearchBox id="ov-target-search" search={productSearch} /> : null}
            <Select
              id="ov-target"
              value={targetId}
              onChange={(e) => {
                setTargetId(e.target.value);
                if (scope === "product") setChosenProduct(productSearch.options.find((p) => p.id === e.target.value));
              }}
              aria-invalid={!!fields.targetId}
            >
              <option value="">{t("chooseTarget")}</option>
              {targets.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </Select>
          </Field>
          {drafts.slice(0, levels).map((r, i) => (
            <div key={i} className="grid gap-2 sm:col-span-2 sm:grid-cols-[8rem_8rem_1fr] sm:items-end">
              <span className="pb-2 text-sm font-medium">{t("levelN", { n: i + 1 })}</span>
              <Select
                aria-label={t("rateKind", { level: i + 1 })}
                value={r.kind}
                onChange={(e) => setDrafts(drafts.map((x, j) => (j === i ? { ...x, kind: e.target.value as Rate["kind"] } : x)))}
              >
                <option value="percent">{t("kind.percent")}</option>
                <option value="fixed">{t("kind.fixed")}</option>
              </Select>
              <Field label={r.kind === "percent" ? t("percentValue") : t("fixedValue")} htmlFor={`ov-rate-${i}`} error={fields[`rates.${i}.bps`] ?? fields[`rates.${i}.fenPerUnit`] ?? fields[`rates.${i}`]}>
                <Input
                  id={`ov-rate-${i}`}
                  inputMode="decimal"
                  value={r.value}
                  placeholder={r.kind === "percent" ? "10" : fenToYuan(200)}
                  onChange={(e) => setDrafts(drafts.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                />
              </Field>
            </div>
          ))}
          <div className="space-y-2 sm:col-span-2">
            <FormError message={formError ?? fields.plan} />
            <Button type="submit" disabled={!hydrated || pending} data-testid="save-override">
              {t("addOverride")}
            </Button>
          </div>
        </form>
      ) : null}
    </Section>
  );
}
