"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { Languages } from "lucide-react";
import { setLocale } from "@/app/_actions/session";
import type { Locale } from "@/packages/i18n/src/locales";

/**
 * The storefront header's zh-CN ⇄ en switch: sets the language cookie and
 * re-renders in place (proxy.ts picks the view of that language). Its labels
 * come from the server, so a shop page needs no client message bundle for it.
 */
export function ShopLanguageSwitch({ locale, label, ariaLabel, className = "" }: { locale: Locale; label: string; ariaLabel: string; className?: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      data-testid="language-switch"
      aria-label={ariaLabel}
      disabled={pending}
      onClick={() =>
        start(async () => {
          await setLocale(locale === "en" ? "zh-CN" : "en");
          router.refresh();
        })
      }
      className={`inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm ${className}`}
    >
      <Languages className="h-4 w-4" aria-hidden />
      {label}
    </button>
  );
}
