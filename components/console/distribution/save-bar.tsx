"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";

/** A distribution form's save button (or, for read-only roles, a notice) and the "saved" status. */
export function SaveBar({ canWrite, disabled, label, saved, testId, className }: { canWrite: boolean; disabled: boolean; label: string; saved: boolean; testId: string; className?: string }) {
  const d = useTranslations("distribution");
  return (
    <div className={cn("flex items-center gap-3", className)}>
      {canWrite ? (
        <Button type="submit" disabled={disabled} data-testid={testId}>
          {label}
        </Button>
      ) : (
        <span className="text-sm text-slate-500" data-testid="read-only-notice">
          {d("readOnly")}
        </span>
      )}
      {saved ? (
        <span role="status" className="text-sm text-emerald-700">
          {d("saved")}
        </span>
      ) : null}
    </div>
  );
}
