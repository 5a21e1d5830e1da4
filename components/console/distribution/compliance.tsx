"use client";

import { useMutation } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { Section } from "@/components/ui/card";
import { FormError } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import type { ComplianceItem, Programme } from "@/packages/commission/src/config";
import { cn } from "@/lib/cn";
import { Switch } from "./programme-form";

/**
 * What a merchant should know about the programme's legality (PRODUCT.md
 * §4.3, §8): the hard rules are shown as met; team-based pay is a warning
 * with the review-safe switch right beside it.
 */
export function ComplianceCard({ programme, items, canWrite }: { programme: Programme; items: ComplianceItem[]; canWrite: boolean }) {
  const t = useTranslations("distribution.compliance");
  const d = useTranslations("distribution");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const m = useMutation(trpc.distribution.saveProgramme.mutationOptions({ onSuccess: () => router.refresh() }));
  const err = errorInfo(m.error);
  return (
    <Section title={t("title")} data-testid="compliance">
      <ul className="space-y-2">
        {items.map((it) => (
          <li
            key={it.key}
            data-testid={`compliance-${it.key}`}
            data-status={it.status}
            className={cn("flex gap-2 rounded-md px-3 py-2 text-sm", it.status === "warning" ? "bg-amber-50 text-amber-900 ring-1 ring-amber-300" : "text-slate-700")}
          >
            {it.status === "warning" ? <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0 text-amber-600" aria-hidden /> : <CheckCircle2 className="mt-0.5 h-4 w-4 shrink-0 text-emerald-600" aria-hidden />}
            <span>
              {it.status === "warning" ? <strong className="mr-1">{t("warning")}</strong> : null}
              {t(`items.${it.key}` as never, (it.params ?? {}) as never)}
            </span>
          </li>
        ))}
      </ul>
      <div className="mt-3 border-t border-slate-100 pt-3">
        <Switch
          id="compliance-review-safe"
          label={d("reviewSafe")}
          hint={d("reviewSafeHint")}
          checked={programme.reviewSafeMode}
          disabled={!canWrite || !hydrated || m.isPending}
          onChange={(v) => m.mutate({ ...programme, reviewSafeMode: v })}
        />
        <FormError message={err.message} />
      </div>
    </Section>
  );
}
