"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";

/**
 * "Connect with Stripe / continue onboarding" and "refresh status". Coming
 * back from Stripe (?onboarding=return) refreshes the status once by itself.
 */
export function StripeConnectActions({
  hasAccount,
  complete,
  canEdit,
  origin,
  returned,
}: {
  hasAccount: boolean;
  /** Onboarding finished (charges, payouts, details): no more onboarding button. */
  complete: boolean;
  canEdit: boolean;
  origin: string;
  returned: boolean;
}) {
  const t = useTranslations("payments");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const start = useMutation(
    trpc.stripe.startOnboarding.mutationOptions({
      onSuccess: ({ url }) => {
        window.location.assign(url);
      },
    }),
  );
  const refresh = useMutation(trpc.stripe.refreshStatus.mutationOptions({ onSuccess: () => router.refresh() }));
  const refreshOnce = useRef(false);
  const refreshMutate = refresh.mutate;
  useEffect(() => {
    if (returned && hasAccount && canEdit && !refreshOnce.current) {
      refreshOnce.current = true;
      // Then drop ?onboarding=return, so a reload does not ask Stripe again.
      refreshMutate(undefined, { onSuccess: () => router.replace("/console/settings/payments") });
    }
  }, [returned, hasAccount, canEdit, refreshMutate, router]);

  if (!canEdit) return null;
  const error = errorInfo(start.error ?? refresh.error).message;
  const redirecting = start.isPending || start.isSuccess;
  return (
    <div className="space-y-3">
      <FormError message={error} />
      <div className="flex flex-wrap items-center gap-3">
        {!complete ? (
          <Button type="button" onClick={() => start.mutate({ origin })} disabled={!hydrated || redirecting} data-testid="stripe-connect">
            {redirecting ? t("redirecting") : hasAccount ? t("continue") : t("connect")}
          </Button>
        ) : null}
        {hasAccount ? (
          <Button type="button" variant="outline" onClick={() => refresh.mutate()} disabled={!hydrated || refresh.isPending} data-testid="stripe-refresh">
            {refresh.isPending ? t("refreshing") : t("refresh")}
          </Button>
        ) : null}
      </div>
    </div>
  );
}
