"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError, Input } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";

/**
 * Finance's decisions on one request: approve, refuse with a reason, mark paid with a reference; for a WeChat or
 * Stripe payout, send it (or ask the provider again about one sent). Then the page reloads.
 */
export function WithdrawalActions({ id, status, method }: { id: string; status: "reviewing" | "approved" | "paying"; method: "manual" | "wechat" | "stripe" }) {
  const t = useTranslations("finance");
  const trpc = useTRPC();
  const router = useRouter();
  const [mode, setMode] = useState<"idle" | "refuse" | "pay">("idle");
  const [text, setText] = useState("");
  const done = { onSuccess: () => { setMode("idle"); setText(""); router.refresh(); } };
  const approve = useMutation(trpc.finance.approve.mutationOptions(done));
  const refuse = useMutation(trpc.finance.refuse.mutationOptions(done));
  const pay = useMutation(trpc.finance.markPaid.mutationOptions(done));
  const send = useMutation(trpc.finance.sendPayout.mutationOptions(done));
  const error = errorInfo(approve.error ?? refuse.error ?? pay.error ?? send.error).message;
  const busy = approve.isPending || refuse.isPending || pay.isPending || send.isPending;
  return (
    <div className="space-y-2" data-testid="withdrawal-actions">
      <div className="flex flex-wrap justify-end gap-2">
        {status === "reviewing" ? (
          <Button size="sm" disabled={busy} onClick={() => approve.mutate({ id })} data-testid="approve-withdrawal">{t("approve")}</Button>
        ) : null}
        {method !== "manual" && status !== "reviewing" ? (
          <Button size="sm" disabled={busy} onClick={() => send.mutate({ id })} data-testid="send-payout">{t("sendPayout")}</Button>
        ) : null}
        {status === "approved" ? <Button size="sm" variant={method === "manual" ? "default" : "outline"} disabled={busy} onClick={() => setMode("pay")} data-testid="mark-paid">{t("markPaid")}</Button> : null}
        {status !== "paying" ? <Button size="sm" variant="outline" disabled={busy} onClick={() => setMode("refuse")} data-testid="refuse-withdrawal">{t("refuse")}</Button> : null}
      </div>
      {mode !== "idle" ? (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (mode === "refuse") refuse.mutate({ id, reason: text });
            else pay.mutate({ id, reference: text });
          }}
        >
          <Input aria-label={mode === "refuse" ? t("refuseReason") : t("reference")} placeholder={mode === "refuse" ? t("refuseReason") : t("reference")} value={text} onChange={(e) => setText(e.target.value)} className="w-56" data-testid={mode === "refuse" ? "refuse-reason" : "paid-reference"} />
          <Button size="sm" type="submit" disabled={busy} data-testid={mode === "refuse" ? "confirm-refuse" : "confirm-paid"}>
            {mode === "refuse" ? t("confirmRefuse") : t("confirmPaid")}
          </Button>
        </form>
      ) : null}
      <FormError message={error} />
    </div>
  );
}
