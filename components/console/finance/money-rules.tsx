"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { yuanToFen } from "@/packages/core/src/yuan";

type Keep = { kind: "off" } | { kind: "percent"; bp: number } | { kind: "perUnit"; fen: number };
type Rules = { hold: { defaultDays: number; highPrice: { aboveFen: number; days: number } | null }; withdrawal: { minimumFen: number; autoApproveBelowFen: number }; keepOnReturn: Keep };

const yuan = (fen: number) => (fen / 100).toFixed(2);
/** A typed number of days, or NaN (the server says what is wrong, on its field). */
const daysOf = (raw: string) => (/^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN);

/** The settlement hold and the withdrawal rules (finance, owner, admin; others see them read-only). */
export function MoneyRulesForm({ rules, canWrite }: { rules: Rules; canWrite: boolean }) {
  const t = useTranslations("finance");
  const trpc = useTRPC();
  const router = useRouter();
  const [days, setDays] = useState(String(rules.hold.defaultDays));
  const [high, setHigh] = useState(rules.hold.highPrice !== null);
  const [above, setAbove] = useState(rules.hold.highPrice ? yuan(rules.hold.highPrice.aboveFen) : "1000.00");
  const [highDays, setHighDays] = useState(String(rules.hold.highPrice?.days ?? 7));
  const [minimum, setMinimum] = useState(yuan(rules.withdrawal.minimumFen));
  const [auto, setAuto] = useState(yuan(rules.withdrawal.autoApproveBelowFen));
  const [keepKind, setKeepKind] = useState<Keep["kind"]>(rules.keepOnReturn.kind);
  const [keepValue, setKeepValue] = useState(
    rules.keepOnReturn.kind === "percent" ? String(rules.keepOnReturn.bp / 100) : rules.keepOnReturn.kind === "perUnit" ? yuan(rules.keepOnReturn.fen) : "",
  );
  const [saved, setSaved] = useState(false);
  const save = useMutation(trpc.finance.saveRules.mutationOptions({ onSuccess: () => { setSaved(true); router.refresh(); } }));
  const err = errorInfo(save.error);
  const f = (k: string) => err.fields[k] ?? null;
  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      data-testid="money-rules"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate({
          defaultDays: daysOf(days),
          highPrice: high ? { aboveFen: yuanToFen(above) ?? 0, days: daysOf(highDays) } : null,
          minimumFen: yuanToFen(minimum) ?? 0,
          autoApproveBelowFen: yuanToFen(auto) ?? -1,
          keepOnReturn:
            keepKind === "percent"
              ? { kind: "percent", bp: /^\s*\d+(\.\d{1,2})?\s*$/.test(keepValue) ? Math.round(Number(keepValue) * 100) : Number.NaN }
              : keepKind === "perUnit"
                ? { kind: "perUnit", fen: yuanToFen(keepValue) ?? Number.NaN }
                : { kind: "off" },
        });
      }}
    >
      <fieldset disabled={!canWrite || save.isPending} className="contents">
        <Field label={t("defaultDays")} htmlFor="rule-days" hint={t("defaultDaysHint")} error={f("defaultDays")}>
          <Input id="rule-days" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} />
        </Field>
        <div className="space-y-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={high} onChange={(e) => setHigh(e.target.checked)} data-testid="rule-high-on" />
            {t("highPriceOn")}
          </label>
          {high ? (
            <div className="grid grid-cols-2 gap-2">
              <Field label={t("highPriceAbove")} htmlFor="rule-high-above" error={f("highPrice.aboveFen")}>
                <Input id="rule-high-above" inputMode="decimal" value={above} onChange={(e) => setAbove(e.target.value)} />
              </Field>
              <Field label={t("highPriceDays")} htmlFor="rule-high-days" error={f("highPrice.days")}>
                <Input id="rule-high-days" inputMode="numeric" value={highDays} onChange={(e) => setHighDays(e.target.value)} />
              </Field>
            </div>
          ) : null}
        </div>
        <Field label={t("minimum")} htmlFor="rule-minimum" error={f("minimumFen")}>
          <Input id="rule-minimum" inputMode="decimal" value={minimum} onChange={(e) => setMinimum(e.target.value)} />
        </Field>
        <Field label={t("autoApprove")} htmlFor="rule-auto" hint={t("autoApproveHint")} error={f("autoApproveBelowFen")}>
          <Input id="rule-auto" inputMode="decimal" value={auto} onChange={(e) => setAuto(e.target.value)} />
        </Field>
        <div className="space-y-2 sm:col-span-2" data-testid="keep-on-return">
          <Field label={t("keep.label")} htmlFor="rule-keep" hint={t("keep.hint")}>
            <Select id="rule-keep" value={keepKind} onChange={(e) => setKeepKind(e.target.value as Keep["kind"])}>
              <option value="off">{t("keep.off")}</option>
              <option value="percent">{t("keep.percent")}</option>
              <option value="perUnit">{t("keep.perUnit")}</option>
            </Select>
          </Field>
          {keepKind !== "off" ? (
            <Field label={keepKind === "percent" ? t("keep.percentValue") : t("keep.perUnitValue")} htmlFor="rule-keep-value" error={f("keepOnReturn.bp") ?? f("keepOnReturn.fen")}>
              <Input id="rule-keep-value" inputMode="decimal" value={keepValue} onChange={(e) => setKeepValue(e.target.value)} className="w-32" />
            </Field>
          ) : null}
        </div>
        {canWrite ? (
          <div className="flex items-center gap-3 sm:col-span-2">
            <Button type="submit" data-testid="save-rules">{t("save")}</Button>
            {saved ? <span role="status" className="text-sm text-emerald-700" data-testid="rules-saved">{t("saved")}</span> : null}
          </div>
        ) : null}
      </fieldset>
      <div className="sm:col-span-2">
        <FormError message={Object.keys(err.fields).length ? null : err.message} />
      </div>
    </form>
  );
}
