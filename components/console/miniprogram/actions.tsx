"use client";

import { useMutation } from "@tanstack/react-query";
import { RotateCcw, Rocket, Send, RefreshCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";

const origin = () => window.location.origin;

/** 提交审核 for one release; with the team bonus on and review-safe mode off, first asks to turn review-safe mode on (§4.6). */
export function SubmitRelease({ version, disabledReason, needsReviewSafe }: { version: number; disabledReason: string | null; needsReviewSafe: boolean }) {
  const t = useTranslations("miniprogram");
  const trpc = useTRPC();
  const router = useRouter();
  const [autoRelease, setAutoRelease] = useState(false);
  const [asking, setAsking] = useState(false);
  const m = useMutation(trpc.miniprogram.submit.mutationOptions({ onSuccess: () => router.refresh() }));
  const err = errorInfo(m.error);
  const send = (turnOnReviewSafe: boolean) => {
    setAsking(false);
    m.mutate({ version, origin: origin(), autoRelease, turnOnReviewSafe });
  };
  return (
    <div className="space-y-2" data-testid={`submit-${version}`} data-needs-review-safe={needsReviewSafe ? "true" : "false"}>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-1 text-xs text-slate-600">
          <input type="checkbox" checked={autoRelease} onChange={(e) => setAutoRelease(e.target.checked)} disabled={!!disabledReason} data-testid="auto-release" />
          {t("autoRelease")}
        </label>
        <Button size="sm" disabled={!!disabledReason || m.isPending} title={disabledReason ?? undefined} onClick={() => (needsReviewSafe ? setAsking(true) : send(false))} data-testid="submit-release">
          <Send className="h-3.5 w-3.5" aria-hidden /> {t("submit")}
        </Button>
      </div>
      {disabledReason ? <p className="text-xs text-amber-700" data-testid="submit-disabled">{t("submitDisabled", { reason: disabledReason })}</p> : null}
      {asking ? (
        <div role="alertdialog" aria-labelledby="review-safe-title" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-300" data-testid="review-safe-dialog">
          <p id="review-safe-title" className="font-medium">{t("reviewSafeTitle")}</p>
          <p className="mt-1 text-xs">{t("reviewSafeBody")}</p>
          <div className="mt-2 flex gap-2">
            <Button size="sm" onClick={() => send(true)} data-testid="review-safe-confirm">{t("reviewSafeConfirm")}</Button>
            <Button size="sm" variant="outline" onClick={() => setAsking(false)}>{t("cancel")}</Button>
          </div>
        </div>
      ) : null}
      <FormError message={err.message} />
    </div>
  );
}

export function ReleaseButton({ id }: { id: string }) {
  const t = useTranslations("miniprogram");
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.miniprogram.release.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <span className="inline-flex flex-col gap-1">
      <Button size="sm" onClick={() => m.mutate({ id })} disabled={m.isPending} data-testid="release-now">
        <Rocket className="h-3.5 w-3.5" aria-hidden /> {t("releaseNow")}
      </Button>
      <FormError message={errorInfo(m.error).message} />
    </span>
  );
}

export function RefreshAuditButton({ id }: { id: string }) {
  const t = useTranslations("miniprogram");
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.miniprogram.refreshAudit.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <span className="inline-flex flex-col gap-1">
      <Button size="sm" variant="outline" onClick={() => m.mutate({ id })} disabled={m.isPending} data-testid="refresh-audit">
        <RefreshCw className="h-3.5 w-3.5" aria-hidden /> {t("refresh")}
      </Button>
      <FormError message={errorInfo(m.error).message} />
    </span>
  );
}

export function RevertButton() {
  const t = useTranslations("miniprogram");
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.miniprogram.revert.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <span className="inline-flex flex-col gap-1">
      <Button size="sm" variant="outline" onClick={() => window.confirm(t("revertConfirm")) && m.mutate()} disabled={m.isPending} data-testid="revert-release">
        <RotateCcw className="h-3.5 w-3.5" aria-hidden /> {t("revert")}
      </Button>
      <FormError message={errorInfo(m.error).message} />
    </span>
  );
}
