"use client";

import { ImagePlus, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/form";
import { cn } from "@/lib/cn";
import { IMAGE_TYPES, MAX_IMAGE_BYTES } from "@/packages/catalog/src/image";
import { useSchemaErrors } from "@/components/console/products/errors";

/** The shop's logo: uploaded through /api/media/upload (the shop's own picture, never a typed URL), with a preview and remove. */
export function LogoField({ value, onChange, error, disabled }: { value: string | null; onChange: (url: string | null) => void; error?: string; disabled: boolean }) {
  const t = useTranslations("design.theme");
  const { tr } = useSchemaErrors();
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);

  async function upload(file: File | undefined) {
    setUploadError(null);
    if (!file) return;
    if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return setUploadError(tr("product.imageType"));
    if (file.size > MAX_IMAGE_BYTES) return setUploadError(tr("product.imageTooLarge", { max: 5 }));
    setUploading(true);
    try {
      const body = new FormData();
      body.append("file", file);
      const res = await fetch("/api/media/upload", { method: "POST", body });
      const out = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
      if (!res.ok || !out.url) setUploadError(out.message ?? tr("generic"));
      else onChange(out.url);
    } catch {
      setUploadError(tr("generic"));
    } finally {
      setUploading(false);
    }
  }

  const message = uploadError ?? error;
  return (
    <div className="space-y-1.5" data-testid="theme-logo">
      <Label htmlFor="theme-logo-file">{t("logo")}</Label>
      <div className="flex items-center gap-3">
        {value ? (
          // eslint-disable-next-line @next/next/no-img-element -- the shop's own /api/media bytes
          <img src={value} alt={t("logoAlt")} className="h-16 w-16 rounded-md border border-slate-200 bg-white object-contain" data-testid="theme-logo-preview" />
        ) : (
          <span className="flex h-16 w-16 items-center justify-center rounded-md border border-dashed border-slate-300 text-slate-400" aria-hidden>
            <ImagePlus className="h-5 w-5" />
          </span>
        )}
        {!disabled ? (
          <div className="flex flex-wrap gap-2">
            <label className={cn("inline-flex h-8 cursor-pointer items-center gap-1 rounded-md border border-slate-300 bg-white px-3 text-xs font-medium hover:bg-slate-100", uploading && "opacity-50")}>
              <ImagePlus className="h-4 w-4" aria-hidden />
              {uploading ? t("uploading") : value ? t("logoReplace") : t("logoUpload")}
              <input
                id="theme-logo-file"
                type="file"
                accept={IMAGE_TYPES.join(",")}
                className="sr-only"
                disabled={uploading}
                onChange={(e) => {
                  void upload(e.target.files?.[0]);
                  e.target.value = "";
                }}
                data-testid="theme-logo-upload"
              />
            </label>
            {value ? (
              <Button type="button" variant="ghost" size="sm" onClick={() => onChange(null)} data-testid="theme-logo-remove">
                <X className="h-4 w-4" aria-hidden /> {t("logoRemove")}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
      {message ? (
        <p role="alert" className="text-xs text-red-600" data-testid="theme-logo-error">
          {message}
        </p>
      ) : (
        <p className="text-xs text-slate-500">{t("logoHint")}</p>
      )}
    </div>
  );
}
