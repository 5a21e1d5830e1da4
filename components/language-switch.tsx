"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Languages } from "lucide-react";
import { setLocale } from "@/app/_actions/session";
import { cn } from "@/lib/cn";

/** On every page: flips zh-CN ⇄ en (a cookie) and re-renders in place. */
export function LanguageSwitch({ className }: { className?: string }) {
  const locale = useLocale();
  const t = useTranslations("common");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      data-testid="language-switch"
      aria-label={t("language")}
      disabled={pending}
      onClick={() =>
        start(async () => {
          await setLocale(locale === "en" ? "zh-CN" : "en");
          router.refresh();
        })
      }
      className={cn("inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100", className)}
    >
      <Languages className="h-4 w-4" aria-hidden />
      {t("switchTo")}
    </button>
  );
}
