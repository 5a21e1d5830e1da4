"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { monthInput } from "@/packages/commission/src/config";

/** Clear (the held commission becomes pending again) or confirm (it is reversed) an anti-fraud flag. */
export function FlagActions({ flagId }: { flagId: string }) {
  const t = useTranslations("distribution.flags");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const m = useMutation(trpc.distribution.decideFlag.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <span className="ml-auto flex flex-wrap items-center gap-2">
      <Button size="sm" disabled={!hydrated || m.isPending} onClick={() => m.mutate({ flagId, decision: "clear" })} data-testid="flag-clear">
        {t("clear")}
      </Button>
      <Button size="sm" variant="outline" className="text-red-700" disabled={!hydrated || m.isPending} onClick={() => m.mutate({ flagId, decision: "confirm" })} data-testid="flag-confirm">
        {t("confirm")}
      </Button>
      <FormError message={errorInfo(m.error).message} />
    </span>
  );
}

/** Computes a closed month's team bonus now (the monthly job does the same; a second run adds nothing). */
export function BonusRun({ defaultMonth }: { defaultMonth: string }) {
  const t = useTranslations("distribution.bonuses");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [month, setMonth] = useState(defaultMonth);
  const [created, setCreated] = useState<number | null>(null);
  const m = useMutation(trpc.distribution.runBonus.mutationOptions({ onSuccess: (r) => { setCreated(r.created); router.refresh(); } }));
  const { fields, formError, submit, pending } = useValidatedMutation(monthInput, m);
  return (
    <form
      className="grid gap-2 sm:grid-cols-[12rem_auto_1fr] sm:items-end"
      data-testid="bonus-run"
      onSubmit={(e) => {
        e.preventDefault();
        setCreated(null);
        void submit({ month });
      }}
    >
      <Field label={t("computeMonth")} htmlFor="bonus-month" error={fields.month}>
        <Input id="bonus-month" type="month" value={month} onChange={(e) => setMonth(e.target.value)} aria-invalid={!!fields.month} />
      </Field>
      <Button type="submit" disabled={!hydrated || pending} data-testid="run-bonus">
        {t("compute")}
      </Button>
      <span className="pb-2 text-sm">
        {created !== null ? (
          <span role="status" className="text-emerald-700">
            {t("created", { count: created })}
          </span>
        ) : null}
      </span>
      <div className="sm:col-span-3">
        <FormError message={formError} />
      </div>
    </form>
  );
}
