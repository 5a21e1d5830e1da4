"use client";

import { useLocale, useTranslations } from "next-intl";
import type { BlockData, PageDocument } from "@/packages/decoration/src";
import { toCssVariables, type Theme } from "@/packages/theme/src";
import { PagePreview } from "./block-preview";

/** What a viewer sees instead of the editor: the draft at phone width, nothing to change. */
export function ReadOnlyPage({ document, theme, data, base, now }: { document: PageDocument; theme: Theme; data: BlockData; base: string; now: number }) {
  const t = useTranslations("editor");
  const locale = useLocale() as "zh-CN" | "en";
  return (
    <div className="space-y-3">
      <p className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" role="note" data-testid="editor-read-only">
        {t("readOnly")}
      </p>
      <div className="mx-auto w-[375px] max-w-full overflow-hidden rounded-2xl border border-slate-300 bg-surface py-2 text-ink shadow-sm" style={{ ...toCssVariables(theme), fontFamily: "var(--brand-font)" } as React.CSSProperties}>
        {document.blocks.length ? <PagePreview doc={document} data={data} ctx={{ base, locale, now, preview: true }} /> : <p className="p-6 text-center text-sm text-slate-500">{t("readOnlyEmpty")}</p>}
      </div>
    </div>
  );
}
