"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";

/** 添加到模板库: wxa/addtotemplate through /api/wechat/templates (it needs WeChat, outside a tRPC transaction). */
export function AddToTemplates({ draftId }: { draftId: string }) {
  const t = useTranslations("platformWechat");
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-col gap-1">
      <Button
        size="sm"
        variant="outline"
        disabled={busy}
        data-testid="add-to-templates"
        onClick={async () => {
          setBusy(true);
          setError(null);
          const r = await fetch("/api/wechat/templates", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ draftId }) });
          setBusy(false);
          if (r.ok) router.refresh();
          else setError(t("libraryError", { message: String(((await r.json().catch(() => ({}))) as { error?: string }).error ?? r.status) }));
        }}
      >
        {t("addToTemplates")}
      </Button>
      <FormError message={error} />
    </span>
  );
}

export function ChooseTemplate({ templateId, version, desc }: { templateId: string; version: string; desc: string }) {
  const t = useTranslations("platformWechat");
  const trpc = useTRPC();
  const router = useRouter();
  const m = useMutation(trpc.platformWechat.chooseTemplate.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <span className="inline-flex flex-col gap-1">
      <Button size="sm" onClick={() => m.mutate({ templateId, version, desc })} disabled={m.isPending} data-testid="choose-template">
        {t("choose")}
      </Button>
      <FormError message={errorInfo(m.error).message} />
    </span>
  );
}
