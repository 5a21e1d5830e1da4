"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";

/**
 * The local payment simulator: each button produces the event a provider
 * webhook would (succeeded, failed, expired) and the server applies it
 * through the same order code.
 */
export function PaySimulator({ shop, base, paymentId, amountLabel, accounts }: { shop: string; base: string; paymentId: string; amountLabel: string; accounts: boolean }) {
  const t = useTranslations("shop");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [failed, setFailed] = useState(false);
  const [account, setAccount] = useState("");
  const simulate = useMutation(
    trpc.shop.simulate.mutationOptions({
      onSuccess: (r, vars) => {
        if (vars.outcome === "fail") {
          setFailed(true);
          return;
        }
        router.push(`${base}/orders/${r.orderId}${vars.outcome === "complete" ? "?paid=1" : ""}`);
      },
    }),
  );
  const go = (outcome: "complete" | "fail" | "abandon") => simulate.mutate({ shop, paymentId, outcome, ...(accounts && account.trim() ? { account: account.trim() } : {}) });
  return (
    <div className="space-y-3">
      {failed ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="pay-failed">
          {t("payFailed")}
        </p>
      ) : null}
      <FormError message={errorInfo(simulate.error).message} />
      <Button variant="brand" size="lg" className="w-full" disabled={!hydrated || simulate.isPending} onClick={() => go("complete")} data-testid="sim-complete">
        {t("payComplete", { amount: amountLabel })}
      </Button>
      <div className="grid grid-cols-2 gap-2">
        <Button variant="outline" disabled={!hydrated || simulate.isPending} onClick={() => go("fail")} data-testid="sim-fail">
          {t("payFail")}
        </Button>
        <Button variant="ghost" disabled={!hydrated || simulate.isPending} onClick={() => go("abandon")} data-testid="sim-abandon">
          {t("payAbandon")}
        </Button>
      </div>
      {/* Who pays: the shopper's own simulated account unless named (two shoppers naming one share a payment method). */}
      {/* Not in production: naming another wallet would let a shopper trigger the shared-payment check on someone else. */}
      {accounts ? (
      <details className="text-sm text-slate-600" data-testid="sim-account-details">
        <summary className="cursor-pointer select-none">{t("payAccount")}</summary>
        <label htmlFor="sim-account" className="mt-2 block text-xs text-slate-500">
          {t("payAccountHint")}
        </label>
        <input
          id="sim-account"
          data-testid="sim-account"
          className="mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
          maxLength={64}
          value={account}
          onChange={(e) => setAccount(e.target.value)}
        />
      </details>
      ) : null}
    </div>
  );
}
