"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Section } from "@/components/ui/card";
import { FormError, Input } from "@/components/ui/form";
import { useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { SaveBar } from "./save-bar";
import { saveLevelsInput } from "@/packages/commission/src/config";
import { fenToYuan, parseYuan } from "@/packages/core/src/yuan";
import type { LevelConfig } from "@/packages/levels/src";

type Draft = { zh: string; en: string; personal: string; direct: string; team: string; banner: boolean; maxProducts: string; colours: boolean };

const toDraft = (l: LevelConfig): Draft => ({
  zh: l.name["zh-CN"],
  en: l.name.en,
  personal: fenToYuan(l.criteria.personalSalesFen),
  direct: String(l.criteria.directReferrals),
  team: fenToYuan(l.criteria.teamSalesFen),
  banner: l.shop.banner,
  maxProducts: String(l.shop.maxProducts),
  colours: l.shop.colours,
});
const fen = (s: string) => {
  const y = parseYuan(s);
  return y.ok ? y.fen : -1;
};
const count = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : -1);

/** Five levels in one table; the server refuses levels out of order with a message naming the level. */
export function LevelsForm({ initial, canWrite }: { initial: LevelConfig[]; canWrite: boolean }) {
  const t = useTranslations("distribution.levels");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [rows, setRows] = useState(initial.map(toDraft));
  const [saved, setSaved] = useState(false);
  const m = useMutation(trpc.distribution.saveLevels.mutationOptions({ onSuccess: () => { setSaved(true); router.refresh(); } }));
  const { fields, formError, submit, pending } = useValidatedMutation(saveLevelsInput, m);
  const set = (i: number, over: Partial<Draft>) => {
    setSaved(false);
    setRows(rows.map((r, j) => (j === i ? { ...r, ...over } : r)));
  };
  const messages = [...new Set(Object.values(fields))];
  return (
    <Section title={t("title")}>
      <form
        data-testid="levels-form"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          void submit({
            levels: rows.map((r, i) => ({
              level: i + 1,
              key: initial[i]?.key ?? `level${i + 1}`,
              name: { "zh-CN": r.zh, en: r.en },
              criteria: { personalSalesFen: fen(r.personal), directReferrals: count(r.direct), teamSalesFen: fen(r.team) },
              shop: { banner: r.banner, maxProducts: count(r.maxProducts), colours: r.colours },
            })),
          });
        }}
      >
        <p className="mb-3 text-sm text-slate-500">{t("hint")}</p>
        <fieldset disabled={!canWrite} className="space-y-3">
          {rows.map((r, i) => (
            <div key={i} className="grid gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-6" data-testid={`level-${i + 1}`}>
              <div className="text-sm font-semibold sm:col-span-6">{t("levelN", { n: i + 1 })}</div>
              <LabeledInput id={`lv-${i}-zh`} label={t("nameZh")} value={r.zh} onChange={(v) => set(i, { zh: v })} invalid={!!fields[`levels.${i}.name.zh-CN`]} />
              <LabeledInput id={`lv-${i}-en`} label={t("nameEn")} value={r.en} onChange={(v) => set(i, { en: v })} invalid={!!fields[`levels.${i}.name.en`]} />
              <LabeledInput id={`lv-${i}-personal`} label={t("personal")} value={r.personal} onChange={(v) => set(i, { personal: v })} invalid={!!fields[`levels.${i}.criteria.personalSalesFen`] || !!fields[`levels.${i}.personalSalesFen`]} decimal />
              <LabeledInput id={`lv-${i}-direct`} label={t("direct")} value={r.direct} onChange={(v) => set(i, { direct: v })} invalid={!!fields[`levels.${i}.criteria.directReferrals`] || !!fields[`levels.${i}.directReferrals`]} decimal />
              <LabeledInput id={`lv-${i}-team`} label={t("team")} value={r.team} onChange={(v) => set(i, { team: v })} invalid={!!fields[`levels.${i}.criteria.teamSalesFen`] || !!fields[`levels.${i}.teamSalesFen`]} decimal />
              <fieldset className="rounded-md bg-slate-50 p-2 sm:col-span-6" data-testid={`level-${i + 1}-shop`}>
                <legend className="px-1 text-xs font-medium text-slate-600">{t("shopRights")}</legend>
                <div className="flex flex-wrap items-center gap-4 text-sm">
                  <label className="flex items-center gap-2">
                    <input type="checkbox" className="h-4 w-4 accent-emerald-700" checked={r.banner} onChange={(e) => set(i, { banner: e.target.checked })} data-testid={`level-${i + 1}-banner`} />
                    {t("shopBanner")}
                  </label>
                  <label className="flex items-center gap-2">
                    {t("shopProducts")}
                    <Input className="w-16" inputMode="numeric" value={r.maxProducts} aria-invalid={!!fields[`levels.${i}.shop.maxProducts`]} onChange={(e) => set(i, { maxProducts: e.target.value })} data-testid={`level-${i + 1}-products`} />
                  </label>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" className="h-4 w-4 accent-emerald-700" checked={r.colours} onChange={(e) => set(i, { colours: e.target.checked })} data-testid={`level-${i + 1}-colours`} />
                    {t("shopColours")}
                  </label>
                  {!r.banner && count(r.maxProducts) <= 0 && !r.colours ? <span className="text-xs text-slate-500">{t("shopStandard")}</span> : null}
                </div>
              </fieldset>
            </div>
          ))}
        </fieldset>
        <div className="mt-3 space-y-2">
          {formError ? <FormError message={formError} /> : messages.map((msg) => <FormError key={msg} message={msg} />)}
          <SaveBar canWrite={canWrite} disabled={!hydrated || pending} label={t("save")} saved={saved} testId="save-levels" />
        </div>
      </form>
    </Section>
  );
}

function LabeledInput({ id, label, value, onChange, invalid, decimal }: { id: string; label: string; value: string; onChange: (v: string) => void; invalid: boolean; decimal?: boolean }) {
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="text-xs text-slate-500">
        {label}
      </label>
      <Input id={id} value={value} inputMode={decimal ? "decimal" : undefined} aria-invalid={invalid} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}
