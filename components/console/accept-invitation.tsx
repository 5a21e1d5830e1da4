"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { errorInfo, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";
import { switchTenant } from "@/app/_actions/session";

export function AcceptInvitation({ token }: { token: string }) {
  const t = useTranslations("members");
  const trpc = useTRPC();
  const m = useMutation(
    trpc.invitations.accept.mutationOptions({
      onSuccess: async ({ tenantId }) => {
        const fd = new FormData();
        fd.set("tenantId", tenantId);
        await switchTenant(fd);
      },
    }),
  );
  return (
    <div className="space-y-3">
      <FormError message={errorInfo(m.error).message} />
      <Button onClick={() => m.mutate({ token })} disabled={m.isPending} data-testid="accept-invitation">
        {t("accept")}
      </Button>
    </div>
  );
}
