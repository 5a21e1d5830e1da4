"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "@/components/use-hydrated";
import { errorInfo, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/card";
import { FormError, Input } from "@/components/ui/form";
import { CSV_HEADERS, type ImportIssue } from "@/packages/catalog/src/csv";
import { MAX_CSV_CHARS } from "@/packages/catalog/src/schemas";
import { useSchemaErrors } from "./errors";

type Result = { ok: false; issues: ImportIssue[] } | { ok: true; products: { id: string; name: string; status: "draft" | "on_sale" | "off"; skus: number }[]; categories: string[] };

export function CsvImport({ template }: { template: string }) {
  const t = useTranslations("products");
  const ti = useTranslations("products.importPage");
  const { tr } = useSchemaErrors();
  const trpc = useTRPC();
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const m = useMutation(trpc.products.importCsv.mutationOptions());
  // The button works once the page is interactive (a file chosen before that is still read, below).
  const ready = useHydrated();
  const serverError = errorInfo(m.error).message;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setResult(null);
    setFileError(null);
    const chosen = file ?? (e.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>('input[type="file"]')?.files?.[0] ?? null;
    if (!chosen) return setFileError(tr("import.empty"));
    let text: string;
    try {
      // Excel's "CSV UTF-8" starts with a BOM; anything that is not UTF-8 (e.g. GBK) is refused, not mangled.
      text = new TextDecoder("utf-8", { fatal: true }).decode(await chosen.arrayBuffer());
    } catch {
      return setFileError(tr("import.notUtf8"));
    }
    if (text.length > MAX_CSV_CHARS) return setFileError(tr("import.tooLarge"));
    try {
      const r = await m.mutateAsync({ csv: text });
      setResult(r);
      if (r.ok) router.refresh();
    } catch {
      /* shown below */
    }
  }

  const column = (c: string | null) => (c ? CSV_HEADERS[c as keyof typeof CSV_HEADERS][0] : "—");

  return (
    <div className="space-y-6">
      <Section title={ti("upload")}>
        <form onSubmit={submit} className="flex flex-wrap items-center gap-3" noValidate>
          <Input type="file" accept=".csv,text/csv" className="w-auto py-1" onChange={(e) => (setFile(e.target.files?.[0] ?? null), setResult(null))} data-testid="csv-file" aria-label={ti("file")} />
          <Button type="submit" disabled={!ready || m.isPending} data-testid="csv-import-submit">
            {m.isPending ? ti("importing") : ti("submit")}
          </Button>
          <a href={`data:text/csv;charset=utf-8,${encodeURIComponent(template)}`} download="products-template.csv" className="text-sm text-emerald-700 hover:underline" data-testid="csv-template">
            {ti("template")}
          </a>
        </form>
        <div className="mt-3">
          <FormError message={fileError ?? serverError} />
        </div>
      </Section>

      {result && !result.ok ? (
        <Section title={ti("errorsTitle", { count: result.issues.length })} data-testid="import-errors">
          <p className="mb-3 text-sm text-red-700" role="alert">
            {ti("nothingImported")}
          </p>
          <div className="max-h-[480px] overflow-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="py-2 pr-3">{ti("row")}</th>
                  <th className="py-2 pr-3">{ti("column")}</th>
                  <th className="py-2">{ti("message")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.issues.map((i, n) => (
                  <tr key={n} data-testid="import-error-row" data-row={i.row} data-column={i.column ?? ""}>
                    <td className="py-1.5 pr-3 font-mono">{i.row}</td>
                    <td className="py-1.5 pr-3">{column(i.column)}</td>
                    <td className="py-1.5 text-red-700">{tr(i.key, i.params)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      ) : null}

      {result?.ok ? (
        <Section title={ti("doneTitle", { count: result.products.length })} data-testid="import-result">
          {result.categories.length ? <p className="mb-2 text-sm text-slate-600">{ti("categoriesCreated", { names: result.categories.join("、") })}</p> : null}
          <ul className="divide-y divide-slate-100 text-sm">
            {result.products.map((p) => (
              <li key={p.id} className="flex items-center justify-between py-2" data-testid="import-created">
                <Link href={`/console/products/${p.id}`} className="font-medium text-emerald-700 hover:underline">
                  {p.name}
                </Link>
                <span className="text-slate-500">
                  {t("skuCount", { count: p.skus })} · {t(`statuses.${p.status}`)}
                </span>
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
    </div>
  );
}
