"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { yuanToFen } from "@/packages/core/src/yuan";

type Rules = { day: number; topTeams: { upToRank: number; amountFen: number }[] };
type Row = { upToRank: string; amount: string };

const intOf = (raw: string) => (/^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN);

/**
 * Bonus day (1–28 of each month, the shop's time zone) and the rewards of the month's top teams by rank, e.g.
 * 1st ¥500, up to 3rd ¥200, up to 10th ¥50. Read-only for roles without finance.write.
 */
export function BonusRulesForm({ rules, canWrite }: { rules: Rules; canWrite: boolean }) {
  const t = useTranslations("finance.bonus");
  const trpc = useTRPC();
  const router = useRouter();
  const [day, setDay] = useState(String(rules.day));
  const [rows, setRows] = useState<Row[]>(rules.topTeams.map((r) => ({ upToRank: String(r.upToRank), amount: (r.amountFen / 100).toFixed(2) })));
  const [saved, setSaved] = useState(false);
  const save = useMutation(trpc.finance.saveBonusRules.mutationOptions({ onSuccess: () => { setSaved(true); router.refresh(); } }));
  const err = errorInfo(save.error);
  const tierError = Object.entries(err.fields).find(([k]) => k.startsWith("topTeams"))?.[1] ?? null;
  const set = (i: number, patch: Partial<Row>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <form
      className="space-y-3"
      data-testid="bonus-rules"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate({ day: intOf(day), topTeams: rows.map((r) => ({ upToRank: intOf(r.upToRank), amountFen: yuanToFen(r.amount) ?? Number.NaN })) });
      }}
    >
      <fieldset disabled={!canWrite || save.isPending} className="space-y-3">
        <Field label={t("day")} htmlFor="bonus-day" hint={t("dayHint")} error={err.fields.day ?? null}>
          <Input id="bonus-day" inputMode="numeric" value={day} onChange={(e) => setDay(e.target.value)} className="w-24" />
        </Field>
        <div className="space-y-2">
          <p className="text-sm font-medium">{t("topTeams")}</p>
          <p className="text-xs text-slate-500">{t("topTeamsHint")}</p>
          {rows.map((r, i) => (
            <div key={i} className="flex flex-wrap items-end gap-2" data-testid="bonus-tier">
              <label className="text-sm">
                <span className="mb-1 block text-xs text-slate-500">{t("upToRank")}</span>
                <Input inputMode="numeric" value={r.upToRank} onChange={(e) => set(i, { upToRank: e.target.value })} className="w-24" aria-label={t("upToRank")} />
              </label>
              <label className="text-sm">
                <span className="mb-1 block text-xs text-slate-500">{t("amount")}</span>
                <Input inputMode="decimal" value={r.amount} onChange={(e) => set(i, { amount: e.target.value })} className="w-32" aria-label={t("amount")} />
              </label>
              <Button type="button" variant="outline" size="sm" onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))} aria-label={t("removeTier")}>
                <Trash2 className="size-4" />
              </Button>
            </div>
          ))}
          {rows.length < 10 ? (
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => setRows((rs) => [...rs, { upToRank: String((intOf(rs.at(-1)?.upToRank ?? "0") || 0) + 1), amount: "100.00" }])}
              data-testid="bonus-add-tier"
            >
              <Plus className="size-4" /> {t("addTier")}
            </Button>
          ) : null}
          <FormError message={tierError} />
        </div>
        {canWrite ? (
          <div className="flex items-center gap-3">
            <Button type="submit" size="sm" data-testid="bonus-save">{t("save")}</Button>
            {saved ? <span role="status" className="text-sm text-emerald-700" data-testid="bonus-saved">{t("saved")}</span> : null}
          </div>
        ) : null}
        {!Object.keys(err.fields).length ? <FormError message={err.message} /> : null}
      </fieldset>
    </form>
  );
}
