"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Check } from "lucide-react";
import { useTRPC } from "@/components/trpc";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { createTenantInput } from "@/packages/tenancy/src/schemas";
import { switchTenant } from "@/app/_actions/session";
import { cn } from "@/lib/cn";

export type TemplateOption = { key: string; name: Record<"zh-CN" | "en", string>; description: Record<"zh-CN" | "en", string>; primary: string; products: number; samples: string };

/** Sign-up's "choose a template" and the agency's "create tenant from template". */
export function CreateTenantForm({ templates, mode }: { templates: TemplateOption[]; mode: "self" | "agency" }) {
  const t = useTranslations("onboarding");
  const locale = useLocale();
  const trpc = useTRPC();
  const [template, setTemplate] = useState(templates[0]?.key ?? "");
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const self = useMutation(trpc.onboarding.createTenant.mutationOptions());
  const agency = useMutation(trpc.agency.createTenant.mutationOptions());
  const m = mode === "agency" ? agency : self;
  const form = useValidatedMutation(createTenantInput, m);
  const fields = form.fields;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const created = await form.submit({ name, slug, template });
    if (!created) return;
    const fd = new FormData();
    fd.set("tenantId", created.id);
    fd.set("next", "/console");
    await switchTenant(fd);
  }

  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      <fieldset>
        <legend className="mb-2 text-sm font-medium text-slate-700">{t("template")}</legend>
        <div className="grid gap-3 sm:grid-cols-3">
          {templates.map((tpl) => (
            <label
              key={tpl.key}
              className={cn(
                "relative cursor-pointer rounded-xl border-2 bg-white p-4 transition",
                template === tpl.key ? "border-emerald-600 shadow" : "border-slate-200 hover:border-slate-300",
              )}
            >
              <input type="radio" name="template" value={tpl.key} checked={template === tpl.key} onChange={() => setTemplate(tpl.key)} className="sr-only" data-testid={`template-${tpl.key}`} />
              <span className="block h-1.5 rounded-full" style={{ background: tpl.primary }} />
              <span className="mt-3 block font-medium">{tpl.name[locale as "zh-CN" | "en"]}</span>
              <span className="mt-1 block text-xs text-slate-500">{tpl.description[locale as "zh-CN" | "en"]}</span>
              <span className="mt-2 block line-clamp-1 text-xs text-slate-600">{tpl.samples}</span>
              <span className="mt-1 block text-xs text-slate-500">{t("products", { count: tpl.products })}</span>
              {template === tpl.key ? <Check className="absolute right-3 top-3 h-4 w-4 text-emerald-600" aria-hidden /> : null}
            </label>
          ))}
        </div>
        {fields.template ? <p className="mt-1 text-xs text-red-600">{fields.template}</p> : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label={t("name")} htmlFor="tenant-name" error={fields.name}>
          <Input id="tenant-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={Boolean(fields.name)} />
        </Field>
        <Field label={t("slug")} htmlFor="tenant-slug" hint={t("slugHint", { slug: slug || "my-shop" })} error={fields.slug}>
          <Input id="tenant-slug" value={slug} onChange={(e) => setSlug(e.target.value)} aria-invalid={Boolean(fields.slug)} autoCapitalize="off" spellCheck={false} />
        </Field>
      </div>
      <FormError message={form.formError} />
      <Button type="submit" size="lg" disabled={form.pending} data-testid="create-tenant">
        {t("submit")}
      </Button>
    </form>
  );
}
