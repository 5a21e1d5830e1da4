"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { slugSchema, tenantNameSchema } from "@/packages/tenancy/src/schemas";
import { z } from "zod";

const cloneInput = z.object({ name: tenantNameSchema, slug: slugSchema });

export function CloneTenant({ sourceId, sourceName }: { sourceId: string; sourceName: string }) {
  const t = useTranslations("agency");
  const o = useTranslations("onboarding");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const m = useMutation(trpc.agency.cloneTenant.mutationOptions({ onSuccess: () => (setOpen(false), router.refresh()) }));
  const form = useValidatedMutation(cloneInput, m, (d) => ({ sourceId, ...d }));
  const fields = form.fields;
  if (!open)
    return (
      <Button variant="outline" size="sm" onClick={() => setOpen(true)} data-testid={`clone-${sourceName}`}>
        {t("clone")}
      </Button>
    );
  return (
    <form
      className="mt-3 space-y-3 rounded-lg border border-slate-200 bg-slate-50 p-3 text-left"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void form.submit({ name, slug });
      }}
    >
      <p className="text-sm font-medium">{t("cloneTitle", { name: sourceName })}</p>
      <p className="text-xs text-slate-500">{t("cloneHint")}</p>
      <Field label={o("name")} htmlFor={`clone-name-${sourceId}`} error={fields.name}>
        <Input id={`clone-name-${sourceId}`} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label={o("slug")} htmlFor={`clone-slug-${sourceId}`} error={fields.slug}>
        <Input id={`clone-slug-${sourceId}`} value={slug} onChange={(e) => setSlug(e.target.value)} />
      </Field>
      <FormError message={form.formError} />
      <div className="flex gap-2">
        <Button type="submit" size="sm" disabled={form.pending} data-testid="clone-submit">
          {c("create")}
        </Button>
        <Button type="button" size="sm" variant="ghost" onClick={() => setOpen(false)}>
          {c("cancel")}
        </Button>
      </div>
    </form>
  );
}
