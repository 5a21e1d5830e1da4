"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";

/** Sends a failed outbox event back to the queue (after a fix); the next drain tries it again. */
export function OutboxRetry({ tenantId, seq }: { tenantId: string; seq: number }) {
  const t = useTranslations("platform");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const m = useMutation(trpc.platform.retryOutbox.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <Button size="sm" variant="outline" disabled={!hydrated || m.isPending} onClick={() => m.mutate({ tenantId, seq })} data-testid="outbox-retry">
      {m.data?.retried ? t("queued") : t("retry")}
    </Button>
  );
}
