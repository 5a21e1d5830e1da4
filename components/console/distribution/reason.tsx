"use client";

import { useLocale, useTranslations } from "next-intl";
import type { Reason } from "@/packages/commission/src/engine";
import { formatFen } from "@/packages/core/src/money";
import { formatRate } from "./format";

/** A commission's reason in words: which rule (product, category or plan), which level, which rate on which base, and whether the margin guard scaled it. */
export function ReasonText({ reason, amountFen, levelNames }: { reason: Reason; amountFen: number; levelNames: string[] }) {
  const t = useTranslations("distribution.reason");
  const locale = useLocale();
  const rate = formatRate(reason.rate, locale, t("perUnit"));
  return (
    <span data-testid="reason">
      {t("summary", {
        level: reason.commissionLevel,
        source: t(`source.${reason.source}`),
        distributor: levelNames[reason.distributorLevel - 1] ?? String(reason.distributorLevel),
        rate,
        base: formatFen(reason.baseFen, locale),
        raw: formatFen(reason.rawFen, locale),
      })}
      {reason.selfPurchase ? ` ${t("selfPurchase")}` : null}
      {reason.rawFen !== amountFen ? <strong className="ml-1 text-amber-700">{t("scaled", { raw: formatFen(reason.rawFen, locale), amount: formatFen(amountFen, locale) })}</strong> : null}
    </span>
  );
}
