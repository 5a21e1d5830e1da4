"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Section } from "@/components/ui/card";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { SaveBar } from "./save-bar";
import { BINDING_RULES, JOIN_MODES, programmeSchema, type Programme } from "@/packages/commission/src/config";
import { MAX_COMMISSION_LEVELS } from "@/packages/commission/src/plan";
import { fenToYuan, parseYuan } from "@/packages/core/src/yuan";
import { bpsToPercent, percentToBps } from "./format";

/** A labelled on/off switch (a checkbox that reads as one). */
export function Switch({ id, label, hint, checked, disabled, onChange }: { id: string; label: string; hint?: string; checked: boolean; disabled?: boolean; onChange: (v: boolean) => void }) {
  return (
    <label htmlFor={id} className="flex items-start gap-3 rounded-md py-1 text-sm">
      <input id={id} type="checkbox" role="switch" className="mt-0.5 h-4 w-4 accent-emerald-700" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <span>
        <span className="font-medium text-slate-800">{label}</span>
        {hint ? <span className="block text-xs text-slate-500">{hint}</span> : null}
      </span>
    </label>
  );
}

/** The programme's settings; the rate table and guard are kept as they are (edited on the plan tab). */
export function ProgrammeForm({ initial, canWrite }: { initial: Programme; canWrite: boolean }) {
  const t = useTranslations("distribution.programme");
  const d = useTranslations("distribution");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [p, setP] = useState(initial);
  const [days, setDays] = useState(String(initial.protectionDays));
  const [threshold, setThreshold] = useState(fenToYuan(initial.teamBonus.thresholdFen));
  const [bonusRate, setBonusRate] = useState(bpsToPercent(initial.teamBonus.rateBps));
  const [saved, setSaved] = useState(false);
  // The compliance panel's switch and the plan tab save the same programme: take the server's copy when it changes.
  const [seen, setSeen] = useState(JSON.stringify(initial));
  if (JSON.stringify(initial) !== seen) {
    setSeen(JSON.stringify(initial));
    setP(initial);
    setDays(String(initial.protectionDays));
    setThreshold(fenToYuan(initial.teamBonus.thresholdFen));
    setBonusRate(bpsToPercent(initial.teamBonus.rateBps));
  }
  const m = useMutation(trpc.distribution.saveProgramme.mutationOptions({ onSuccess: () => { setSaved(true); router.refresh(); } }));
  const { fields, formError, submit, pending } = useValidatedMutation(programmeSchema, m);
  const set = (over: Partial<Programme>) => {
    setSaved(false);
    setP((x) => ({ ...x, ...over }));
  };
  const yuan = parseYuan(threshold);
  return (
    <Section title={t("title")}>
      <form
        className="grid gap-4 sm:grid-cols-2"
        data-testid="programme-form"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          void submit({
            ...p,
            protectionDays: days.trim() === "" ? NaN : Number(days),
            teamBonus: { ...p.teamBonus, thresholdFen: yuan.ok ? yuan.fen : -1, rateBps: percentToBps(bonusRate) },
          });
        }}
      >
        <fieldset disabled={!canWrite} className="contents">
          <Field label={t("joinMode")} htmlFor="p-join" error={fields.joinMode}>
            <Select id="p-join" value={p.joinMode} onChange={(e) => set({ joinMode: e.target.value as Programme["joinMode"] })}>
              {JOIN_MODES.map((x) => (
                <option key={x} value={x}>
                  {t(`join.${x}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("levels")} htmlFor="p-levels" hint={t("levelsHint", { max: MAX_COMMISSION_LEVELS })} error={fields.levels}>
            <Select id="p-levels" value={p.levels} onChange={(e) => set({ levels: Number(e.target.value) })}>
              {Array.from({ length: MAX_COMMISSION_LEVELS }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {t("levelsN", { n })}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("binding")} htmlFor="p-binding" error={fields.bindingRule}>
            <Select id="p-binding" value={p.bindingRule} onChange={(e) => set({ bindingRule: e.target.value as Programme["bindingRule"] })}>
              {BINDING_RULES.map((x) => (
                <option key={x} value={x}>
                  {t(`bindingRule.${x}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("protectionDays")} htmlFor="p-days" hint={p.bindingRule === "last_touch" ? t("protectionHint") : t("protectionFirstTouch")} error={fields.protectionDays}>
            <Input id="p-days" inputMode="numeric" value={days} onChange={(e) => { setSaved(false); setDays(e.target.value); }} aria-invalid={!!fields.protectionDays} />
          </Field>
          <div className="space-y-1 sm:col-span-2">
            <Switch id="p-self" label={t("selfPurchase")} hint={t("selfPurchaseHint")} checked={p.selfPurchase} onChange={(v) => set({ selfPurchase: v })} />
            <Switch id="p-demotion" label={t("demotion")} hint={t("demotionHint")} checked={p.demotion} onChange={(v) => set({ demotion: v })} />
            <Switch id="p-review-safe" label={d("reviewSafe")} hint={d("reviewSafeHint")} checked={p.reviewSafeMode} onChange={(v) => set({ reviewSafeMode: v })} />
          </div>
          <fieldset className="grid gap-3 rounded-lg border border-slate-200 p-3 sm:col-span-2 sm:grid-cols-2">
            <legend className="px-1 text-sm font-semibold">{t("teamBonus")}</legend>
            <div className="sm:col-span-2">
              <Switch id="p-bonus" label={t("teamBonusEnabled")} hint={t("teamBonusHint")} checked={p.teamBonus.enabled} onChange={(v) => set({ teamBonus: { ...p.teamBonus, enabled: v } })} />
            </div>
            <Field label={t("threshold")} htmlFor="p-threshold" error={fields["teamBonus.thresholdFen"]}>
              <Input id="p-threshold" inputMode="decimal" value={threshold} onChange={(e) => { setSaved(false); setThreshold(e.target.value); }} />
            </Field>
            <Field label={t("bonusRate")} htmlFor="p-bonus-rate" error={fields["teamBonus.rateBps"]}>
              <Input id="p-bonus-rate" inputMode="decimal" value={bonusRate} onChange={(e) => { setSaved(false); setBonusRate(e.target.value); }} />
            </Field>
          </fieldset>
        </fieldset>
        <SaveBar canWrite={canWrite} disabled={!hydrated || pending} label={t("save")} saved={saved} testId="save-programme" className="sm:col-span-2" />
        <div className="sm:col-span-2">
          <FormError message={formError ?? fields.plan} />
        </div>
      </form>
    </Section>
  );
}
