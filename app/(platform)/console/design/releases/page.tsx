import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DesignHeader } from "@/components/console/design/design-header";
import { PreviewLinkButton, PublishForm, RollbackButton } from "@/components/console/design/release-actions";
import { Badge, EmptyState, Section } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { consoleFrame } from "@/lib/console";
import type { ReleaseChanges } from "@/packages/decoration/src";
import { can } from "@/packages/tenancy/src/roles";

type Translate = Awaited<ReturnType<typeof getTranslations<"design">>>;

/** What a release changed, one line each: theme fields, shop details, pages added / removed / edited with block counts. */
function changeLines(ch: ReleaseChanges, t: Translate): string[] {
  const sep = t("releases.listSeparator");
  const lines: string[] = [];
  if (ch.theme.length) lines.push(t("releases.themeChanged", { fields: ch.theme.map((f) => (t.has(`releases.themeFields.${f}` as never) ? t(`releases.themeFields.${f}` as never) : f)).join(sep) }));
  if (ch.settings.length) lines.push(t("releases.settingsChanged", { fields: ch.settings.map((f) => (t.has(`releases.settingsFields.${f}` as never) ? t(`releases.settingsFields.${f}` as never) : f)).join(sep) }));
  for (const p of ch.pages) {
    const kind = p.key.startsWith("landing:") ? null : p.key;
    const title = p.title || (kind === "home" || kind === "category" ? t(`pages.kinds.${kind}`) : p.key.replace(/^landing:/, "/pages/"));
    if (p.status === "added") lines.push(t("releases.pageAdded", { title, blocks: p.change.added }));
    else if (p.status === "removed") lines.push(t("releases.pageRemoved", { title }));
    else if (p.change.added || p.change.removed || p.change.edited) lines.push(t("releases.pageChanged", { title, added: p.change.added, removed: p.change.removed, edited: p.change.edited }));
    else if (p.change.moved) lines.push(t("releases.pageMoved", { title }));
    else lines.push(t("releases.pageChanged", { title, added: 0, removed: 0, edited: 0 }));
  }
  return lines;
}

/** 店铺装修 · 发布: publish the drafts, preview them on a phone, the release history with rollback. */
export default async function DesignReleasesPage() {
  const { active, caller } = await consoleFrame("/console/design/releases");
  if (!active) redirect("/console");
  const [{ tenant, role }, design, releases] = await Promise.all([caller.tenant.current(), caller.design.get(), caller.design.releases()]);
  const t = await getTranslations("design");
  const c = await getTranslations("common");
  const locale = await getLocale();
  const canEdit = can(role, "decoration.write");
  const when = new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short", timeZone: tenant.timeZone });
  const liveVersion = releases[0]?.version ?? null;
  return (
    <div className="space-y-4">
      <DesignHeader changedSinceLive={design.changedSinceLive} liveVersion={design.live?.version ?? null} />
      {canEdit ? (
        <Section title={t("releases.publishTitle")}>
          <p className="mb-3 text-sm text-slate-500">{t("releases.publishHint")}</p>
          <PublishForm />
          <div className="mt-4 border-t border-slate-100 pt-4">
            <PreviewLinkButton />
          </div>
        </Section>
      ) : (
        <p className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-600" data-testid="read-only-notice">
          {c("readOnly")}
        </p>
      )}
      <h2 className="text-lg font-semibold">{t("releases.history")}</h2>
      {releases.length === 0 ? (
        <EmptyState title={t("releases.empty")} />
      ) : (
        <DataTable
          columns={[{ label: t("releases.version") }, { label: t("releases.note") }, { label: t("releases.who") }, { label: t("releases.when") }, { label: t("releases.changes") }, { label: c("actions"), align: "right" }]}
          testId="release-history"
        >
          {releases.map((r) => {
            const lines = changeLines(r.changes, t);
            return (
              <tr key={r.version} data-testid={`release-v${r.version}`} data-live={r.version === liveVersion ? "true" : undefined}>
                <td className="whitespace-nowrap px-3 py-2 align-top">
                  <span className="font-mono font-semibold">v{r.version}</span>{" "}
                  {r.version === liveVersion ? (
                    <Badge className="bg-emerald-100 text-emerald-800" data-testid="release-live">
                      {t("releases.live")}
                    </Badge>
                  ) : null}
                </td>
                <td className="px-3 py-2 align-top">
                  {r.note || <span className="text-slate-400">—</span>}
                  {r.rolledBackFrom ? <span className="block text-xs text-amber-700">{t("releases.rolledBackFrom", { version: r.rolledBackFrom })}</span> : null}
                </td>
                <td className="whitespace-nowrap px-3 py-2 align-top text-slate-600">{r.createdByName ?? t("releases.unknownUser")}</td>
                <td className="whitespace-nowrap px-3 py-2 align-top text-xs text-slate-500">{when.format(new Date(r.createdAt))}</td>
                <td className="px-3 py-2 align-top text-xs text-slate-600" data-testid="release-changes">
                  {r.version === 1 && !r.rolledBackFrom ? <span className="block font-medium text-slate-700">{t("releases.initial")}</span> : null}
                  {lines.length ? (
                    <ul className="space-y-0.5">
                      {lines.map((l, i) => (
                        <li key={i}>{l}</li>
                      ))}
                    </ul>
                  ) : r.version === 1 ? null : (
                    <span className="text-slate-400">{t("releases.noChanges")}</span>
                  )}
                </td>
                <td className="px-3 py-2 text-right align-top">{canEdit && r.version !== liveVersion ? <RollbackButton version={r.version} /> : null}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </div>
  );
}
