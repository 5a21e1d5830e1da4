"use client";

import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/card";
import { cn } from "@/lib/cn";

const TONE = { on_sale: "bg-emerald-100 text-emerald-800", draft: "bg-slate-100 text-slate-700", off: "bg-amber-100 text-amber-800" } as const;

export function StatusBadge({ status }: { status: keyof typeof TONE }) {
  const t = useTranslations("products.statuses");
  return (
    <Badge className={cn(TONE[status])} data-testid="product-status" data-status={status}>
      {t(status)}
    </Badge>
  );
}
