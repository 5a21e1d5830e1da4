"use client";

import { useTranslations } from "next-intl";
import { Field, Input } from "@/components/ui/form";

const HEX = /^#[0-9a-f]{6}$/i;

/** A colour token: the browser's picker beside the #rrggbb text (either one edits it; the picker keeps the last valid colour while the text is being typed). */
export function ColourField({ name, label, value, onChange, error, invalid, disabled }: { name: string; label: string; value: string; onChange: (v: string) => void; error?: string; invalid?: boolean; disabled: boolean }) {
  const t = useTranslations("design.theme");
  const id = `theme-${name}`;
  return (
    <Field label={label} htmlFor={id} error={error}>
      <div className="flex items-center gap-2">
        <input
          type="color"
          value={HEX.test(value.trim()) ? value.trim().toLowerCase() : "#000000"}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          aria-label={t("hex", { name: label })}
          className="h-9 w-11 shrink-0 cursor-pointer rounded-md border border-slate-300 bg-white p-0.5 disabled:cursor-not-allowed"
          data-testid={`${id}-picker`}
        />
        <Input
          id={id}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          disabled={disabled}
          maxLength={7}
          spellCheck={false}
          autoCapitalize="off"
          className="font-mono"
          aria-invalid={Boolean(error) || invalid}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
    </Field>
  );
}
