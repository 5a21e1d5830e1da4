import { Eye } from "lucide-react";
import { useTranslations } from "next-intl";
import { toCssVariables } from "@/packages/theme/src";
import type { StorefrontDesign } from "@/packages/server/src/storefront-design";

/**
 * Around a decorated page: nothing for the live release; for a preview, the
 * drafts' theme painted on the page and, over the layout's live colours, on
 * the header and tab bar too (a stylesheet's !important custom properties win
 * over the layout's inline ones), and a fixed 预览 banner saying shoppers do
 * not see it; for a refused token, a small notice that this is the live shop.
 */
export function DesignFrame({ design, children }: { design: Pick<StorefrontDesign, "mode" | "theme">; children: React.ReactNode }) {
  const t = useTranslations("blocks");
  if (design.mode === "live") return <>{children}</>;
  if (design.mode === "refused") {
    return (
      <>
        <p role="status" className="mx-3 mt-3 rounded-brand bg-amber-50 px-3 py-2 text-xs text-amber-900 ring-1 ring-amber-200" data-testid="preview-refused">
          {t("previewInvalid")}
        </p>
        {children}
      </>
    );
  }
  const vars = toCssVariables(design.theme);
  const style = { ...vars, fontFamily: "var(--brand-font)" } as React.CSSProperties;
  // Theme values are schema-checked (colours, a radius, a font from a list); anything that could end the rule is dropped anyway.
  const shell = Object.entries(vars)
    .filter(([, v]) => !/[<>{};]/.test(String(v)))
    .map(([k, v]) => `${k}:${v} !important`)
    .join(";");
  return (
    <div style={style} className="min-h-full bg-surface pb-16 text-ink" data-testid="design-preview">
      <style data-testid="preview-shell-theme">{`[data-testid="storefront"]{${shell}}`}</style>
      {children}
      <div className="pointer-events-none fixed bottom-16 left-1/2 z-20 w-full max-w-md -translate-x-1/2 px-3">
        <p role="status" className="flex items-start gap-2 rounded-lg bg-amber-300 px-3 py-2 text-xs leading-snug text-amber-950 shadow-lg ring-1 ring-amber-500/40" data-testid="preview-banner">
          <Eye className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
          <span>
            <strong className="mr-1.5 text-sm">{t("previewTitle")}</strong>
            {t("previewNotice")}
          </span>
        </p>
      </div>
    </div>
  );
}
