"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { tenantSettingsInput } from "@/packages/tenancy/src/schemas";
import { DomainVerification, type DomainClaim } from "./domain-verification";

export type SettingsValues = { name: string; slug: string; logoUrl: string; timeZone: string; customDomain: string; wechatAppId: string };

export function SettingsForm({ initial, initialClaim, canEdit, timeZones }: { initial: SettingsValues; initialClaim: DomainClaim | null; canEdit: boolean; timeZones: string[] }) {
  const t = useTranslations("settings");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const [v, setV] = useState(initial);
  const [saved, setSaved] = useState(false);
  const [claim, setClaim] = useState(initialClaim);
  // The form stays mounted across the refresh (so "Saved" stays visible); it shows what the server stored.
  const m = useMutation(
    trpc.tenant.updateSettings.mutationOptions({
      onSuccess: (t) => {
        setV({ name: t.name, slug: t.slug, logoUrl: t.logoUrl ?? "", timeZone: t.timeZone, customDomain: t.customDomain ?? "", wechatAppId: t.wechatAppId ?? "" });
        setClaim(t.customDomain && t.domainVerification ? { domain: t.customDomain, ...t.domainVerification } : null);
        setSaved(true);
        router.refresh();
      },
    }),
  );
  const form = useValidatedMutation(tenantSettingsInput, m);
  const fields = form.fields;
  const set = (k: keyof SettingsValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => (setSaved(false), setV({ ...v, [k]: e.target.value }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    await form.submit(v);
  }

  const input = (k: keyof SettingsValues, extra: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Input id={`settings-${k}`} name={k} value={v[k]} onChange={set(k)} disabled={!canEdit} aria-invalid={Boolean(fields[k])} {...extra} />
  );

  return (
    <form onSubmit={submit} className="space-y-5" noValidate>
      {!canEdit ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-600" data-testid="read-only-notice">
          {c("readOnly")}
        </p>
      ) : null}
      <div className="grid gap-5 md:grid-cols-2">
        <Field label={t("name")} htmlFor="settings-name" error={fields.name}>
          {input("name")}
        </Field>
        <Field label={t("slug")} htmlFor="settings-slug" hint={t("slugHint")} error={fields.slug}>
          {input("slug", { autoCapitalize: "off", spellCheck: false })}
        </Field>
        <Field label={t("logoUrl")} htmlFor="settings-logoUrl" error={fields.logoUrl}>
          {input("logoUrl", { type: "url", placeholder: "https://" })}
        </Field>
        <Field label={t("timeZone")} htmlFor="settings-timeZone" error={fields.timeZone}>
          <Select id="settings-timeZone" value={v.timeZone} onChange={set("timeZone")} disabled={!canEdit} aria-invalid={Boolean(fields.timeZone)}>
            {timeZones.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t("customDomain")} htmlFor="settings-customDomain" hint={t("customDomainHint")} error={fields.customDomain}>
          {input("customDomain", { placeholder: "shop.example.com", autoCapitalize: "off" })}
        </Field>
        <Field label={t("wechatAppId")} htmlFor="settings-wechatAppId" hint={t("wechatAppIdHint")} error={fields.wechatAppId}>
          {input("wechatAppId", { placeholder: "wx0123456789abcdef" })}
        </Field>
      </div>
      {claim ? (
        claim.domain === v.customDomain.trim().toLowerCase() ? (
          <DomainVerification claim={claim} canEdit={canEdit} onChange={(c) => (setClaim(c), router.refresh())} />
        ) : (
          <p className="text-sm text-slate-500">{t("domainSaveFirst")}</p>
        )
      ) : null}
      <FormError message={form.formError} />
      {canEdit ? (
        <div className="flex items-center gap-3">
          <Button type="submit" disabled={form.pending} data-testid="save-settings">
            {form.pending ? c("saving") : c("save")}
          </Button>
          {saved ? (
            <span className="text-sm text-emerald-700" role="status">
              {c("saved")}
            </span>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
