"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/components/trpc";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/card";
import { Field, FormError, Select } from "@/components/ui/form";
import { contrastFailures, FONTS, themeFieldsSchema, type Theme, type ThemeFont } from "@/packages/theme/src";
import { ColourField } from "./colour-field";
import { LogoField } from "./logo-field";
import { NavItemsEditor, type LandingPageOption } from "./nav-items-editor";
import { ThemePreview } from "./theme-preview";

const COLOURS = ["primary", "primaryForeground", "accent", "background", "foreground"] as const;

/**
 * The draft theme (design.saveTheme) beside its live preview. Fields are
 * checked with the theme's own schema; the contrast rule is checked as the
 * merchant types (contrastFailures) and blocks the save, naming the pair.
 */
export function ThemeForm({ initial, pages, shopName, canEdit }: { initial: Theme; pages: LandingPageOption[]; shopName: string; canEdit: boolean }) {
  const t = useTranslations("design.theme");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const [v, setV] = useState<Theme>(initial);
  const [saved, setSaved] = useState(false);
  const [blocked, setBlocked] = useState(false);
  const m = useMutation(
    trpc.design.saveTheme.mutationOptions({
      onSuccess: (out) => {
        setV(out.theme);
        setSaved(true);
        router.refresh();
      },
    }),
  );
  const form = useValidatedMutation(themeFieldsSchema, m);
  const fields = form.fields;
  const disabled = !canEdit;

  const change = (next: Partial<Theme>) => {
    setSaved(false);
    setBlocked(false);
    setV((cur) => ({ ...cur, ...next }));
  };

  const failures = contrastFailures({ primary: v.primary.trim(), primaryForeground: v.primaryForeground.trim(), background: v.background.trim(), foreground: v.foreground.trim() });
  const failing = new Set<string>(failures.map((f) => f.text));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (failures.length) {
      setBlocked(true);
      return;
    }
    await form.submit(v);
  }

  return (
    <div className="grid grid-cols-[minmax(0,1fr)] items-start gap-6 xl:grid-cols-[minmax(0,1fr)_391px]">
      <form onSubmit={submit} className="space-y-4" noValidate data-testid="theme-form">
        {!canEdit ? (
          <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-600" data-testid="read-only-notice">
            {c("readOnly")}
          </p>
        ) : null}
        <Section title={t("colours")}>
          <div className="grid gap-4 sm:grid-cols-2">
            {COLOURS.map((k) => (
              <ColourField key={k} name={k} label={t(k)} value={v[k]} onChange={(x) => change({ [k]: x })} error={fields[k]} invalid={failing.has(k)} disabled={disabled} />
            ))}
          </div>
          {failures.length ? (
            <div role="alert" className="mt-4 space-y-1 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="contrast-failure">
              {failures.map((f) => (
                <p key={f.text}>{t("contrast", { text: t(f.text), surface: t(f.surface), ratio: f.ratio.toFixed(2) })}</p>
              ))}
              {blocked ? <p className="font-medium">{t("contrastBlocked")}</p> : null}
            </div>
          ) : null}
        </Section>

        <Section title={t("shape")}>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label={`${t("radius")} · ${t("radiusValue", { n: v.radius })}`} htmlFor="theme-radius" error={fields.radius}>
              <input
                id="theme-radius"
                type="range"
                min={0}
                max={24}
                step={1}
                value={v.radius}
                disabled={disabled}
                onChange={(e) => change({ radius: Number(e.target.value) })}
                className="h-9 w-full accent-emerald-700"
                data-testid="theme-radius"
              />
            </Field>
            <Field label={t("font")} htmlFor="theme-font" error={fields.font}>
              <Select id="theme-font" value={v.font} disabled={disabled} onChange={(e) => change({ font: e.target.value as ThemeFont })}>
                {FONTS.map((f) => (
                  <option key={f} value={f}>
                    {t(`fonts.${f}`)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <div className="mt-4">
            <LogoField value={v.logo} onChange={(logo) => change({ logo })} error={fields.logo} disabled={disabled} />
          </div>
        </Section>

        <Section title={t("navigation")}>
          <p className="mb-3 text-xs text-slate-500">{t("navigationHint")}</p>
          <NavItemsEditor name="navigation" items={v.navigation} onChange={(navigation) => change({ navigation })} min={0} max={6} pages={pages} fields={fields} disabled={disabled} />
        </Section>

        <Section title={t("tabBar")}>
          <p className="mb-3 text-xs text-slate-500">{t("tabBarHint")}</p>
          <NavItemsEditor name="tabBar" items={v.tabBar} onChange={(tabBar) => change({ tabBar })} min={2} max={5} pages={pages} fields={fields} disabled={disabled} />
        </Section>

        <FormError message={form.formError} />
        {canEdit ? (
          <div className="sticky bottom-0 flex items-center gap-3 border-t border-slate-200 bg-slate-50/95 py-3">
            <Button type="submit" disabled={form.pending} data-testid="save-theme">
              {form.pending ? c("saving") : t("save")}
            </Button>
            {saved ? (
              <span className="text-sm text-emerald-700" role="status" data-testid="theme-saved">
                {t("saved")}
              </span>
            ) : null}
          </div>
        ) : null}
      </form>
      <div className="min-w-0 xl:sticky xl:top-4">
        <ThemePreview theme={v} shopName={shopName} />
      </div>
    </div>
  );
}
