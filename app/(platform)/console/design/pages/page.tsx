import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DesignHeader } from "@/components/console/design/design-header";
import { CreatePageForm, DeletePageButton } from "@/components/console/design/page-actions";
import { Button } from "@/components/ui/button";
import { Badge, Section } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { consoleFrame } from "@/lib/console";
import { can } from "@/packages/tenancy/src/roles";

/** 店铺装修 · 页面: home, category and landing pages (drafts); the editor is /console/design/pages/[id]. */
export default async function DesignPagesPage() {
  const { active, caller } = await consoleFrame("/console/design/pages");
  if (!active) redirect("/console");
  const [{ tenant, role }, design] = await Promise.all([caller.tenant.current(), caller.design.get()]);
  const t = await getTranslations("design.pages");
  const c = await getTranslations("common");
  const locale = await getLocale();
  const canEdit = can(role, "decoration.write");
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: tenant.timeZone });
  return (
    <div className="space-y-4">
      <DesignHeader changedSinceLive={design.changedSinceLive} liveVersion={design.live?.version ?? null} />
      {!canEdit ? (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-600" data-testid="read-only-notice">
          {c("readOnly")}
        </p>
      ) : null}
      <DataTable columns={[{ label: t("name") }, { label: t("address") }, { label: t("blocks") }, { label: t("updated") }, { label: c("actions"), align: "right" }]} testId="design-pages">
        {design.pages.map((p) => {
          const title = p.title || (p.kind === "landing" ? t("untitled") : t(`kinds.${p.kind}`));
          return (
            <tr key={p.id} data-testid={`design-page-${p.kind === "landing" ? p.slug : p.kind}`}>
              <td className="px-3 py-2">
                <span className="font-medium">{title}</span> {title !== t(`kinds.${p.kind}`) ? <Badge>{t(`kinds.${p.kind}`)}</Badge> : null}
              </td>
              <td className="px-3 py-2 font-mono text-xs text-slate-600">{p.kind === "landing" ? `/pages/${p.slug}` : p.kind === "home" ? "/" : "—"}</td>
              <td className="px-3 py-2 text-slate-600">{t("blockCount", { n: p.document.blocks.length })}</td>
              <td className="px-3 py-2 text-xs text-slate-500">{when.format(new Date(p.updatedAt))}</td>
              <td className="px-3 py-2 text-right">
                <div className="flex items-center justify-end gap-1">
                  {canEdit ? (
                    <Button asChild variant="outline" size="sm">
                      <Link href={`/console/design/pages/${p.id}`} data-testid="edit-page">
                        {t("edit")}
                      </Link>
                    </Button>
                  ) : null}
                  {canEdit && p.kind === "landing" ? <DeletePageButton id={p.id} title={title} /> : null}
                </div>
              </td>
            </tr>
          );
        })}
      </DataTable>
      {canEdit ? (
        <Section title={t("create")}>
          <CreatePageForm />
        </Section>
      ) : null}
    </div>
  );
}
