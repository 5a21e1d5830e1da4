import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { CsvImport } from "@/components/console/products/csv-import";
import { Section } from "@/components/ui/card";
import { consoleFrame } from "@/lib/console";
import { CSV_COLUMNS, CSV_HEADERS, MAX_CSV_ROWS, csvTemplate } from "@/packages/catalog/src/csv";
import { can } from "@/packages/tenancy/src/roles";

export default async function ImportProductsPage() {
  const { active, caller } = await consoleFrame("/console/products/import");
  if (!active) redirect("/console");
  const { role } = await caller.tenant.current();
  if (!can(role, "catalog.write")) redirect("/console/products");
  const t = await getTranslations("products");
  const ti = await getTranslations("products.importPage");
  return (
    <div>
      <Breadcrumbs items={[{ label: t("title"), href: "/console/products" }, { label: t("import") }]} />
      <h1 className="mb-2 text-2xl font-bold">{t("import")}</h1>
      <p className="mb-4 text-sm text-slate-600">{ti("intro", { max: MAX_CSV_ROWS })}</p>
      <div className="space-y-6">
        <CsvImport template={csvTemplate()} />
        <Section title={ti("columnsTitle")} data-testid="csv-columns">
          <table className="w-full text-sm">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-2 pr-3">{ti("header")}</th>
                <th className="py-2 pr-3">{ti("required")}</th>
                <th className="py-2">{ti("meaning")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {CSV_COLUMNS.map((col) => (
                <tr key={col}>
                  <td className="py-2 pr-3 align-top">
                    <code className="rounded bg-slate-100 px-1">{CSV_HEADERS[col][0]}</code>
                    <span className="ml-1 text-xs text-slate-400">/ {CSV_HEADERS[col][1]}</span>
                  </td>
                  <td className="py-2 pr-3 align-top">{col === "name" || col === "price" ? ti("yes") : ti("no")}</td>
                  <td className="py-2 align-top text-slate-600">{ti(`columns.${col}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="mt-4 list-disc space-y-1 pl-5 text-sm text-slate-600">
            <li>{ti("rules.grouping")}</li>
            <li>{ti("rules.matrix")}</li>
            <li>{ti("rules.allOrNothing")}</li>
            <li>{ti("rules.encoding")}</li>
            <li>{ti("rules.newOnly")}</li>
          </ul>
        </Section>
      </div>
    </div>
  );
}
