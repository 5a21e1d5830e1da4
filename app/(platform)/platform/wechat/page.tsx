import { getFormatter, getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { AddToTemplates, ChooseTemplate } from "@/components/platform/wechat-templates";
import { Badge, EmptyState, Section } from "@/components/ui/card";
import { consoleFrame } from "@/lib/console";
import { getDb } from "@/packages/server/src/db";
import { listDrafts, listTemplates, WECHAT_ENV_VARS, wechatEnv, type Template, type TemplateDraft } from "@/packages/server/src/wechat-open";

/** The operator's WeChat third-party platform: variables, ticket, token, the template library and the current template. */
export default async function PlatformWechatPage() {
  const { user, caller } = await consoleFrame("/platform/wechat");
  const t = await getTranslations("platformWechat");
  const p = await getTranslations("platform");
  const te = await getTranslations("errors");
  if (!user.isPlatformOperator) return <EmptyState title={te("platform.required")} />;
  const status = await caller.platformWechat.status();
  const format = await getFormatter();
  const when = (d: Date | string | null) => (d ? format.dateTime(new Date(d), { dateStyle: "short", timeStyle: "medium" }) : "—");
  let drafts: TemplateDraft[] = [];
  let templates: Template[] = [];
  let libraryError: string | null = null;
  const env = wechatEnv();
  if (env.configured && status.ticketAt) {
    try {
      const db = await getDb();
      [drafts, templates] = [await listDrafts(db, env.config), await listTemplates(db, env.config)];
    } catch (e) {
      const key = (e as { key?: string }).key;
      libraryError = key && te.has(key as never) ? te(key as never) : String((e as Error).message);
    }
  }
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: p("title"), href: "/platform" }, { label: t("title") }]} />
      <Section title={t("env")} data-testid="wechat-env">
        <ul className="space-y-1 text-sm">
          {WECHAT_ENV_VARS.map((name) => {
            const invalid = status.invalid.find((i) => i.name === name);
            const set = status.set.includes(name);
            return (
              <li key={name} className="flex items-center gap-2" data-testid="wechat-env-var" data-name={name} data-state={invalid ? "invalid" : set ? "set" : "missing"}>
                <code className="font-mono text-xs">{name}</code>
                <Badge className={set && !invalid ? "bg-emerald-50 text-emerald-700" : "bg-red-50 text-red-700"}>{invalid ? t("invalid", { hint: invalid.hint }) : set ? t("set") : t("missing")}</Badge>
              </li>
            );
          })}
        </ul>
        {!status.configured ? <p className="mt-2 text-sm text-amber-800">{t("notConfigured", { names: [...status.missing, ...status.invalid.map((i) => i.name)].join(", ") })}</p> : null}
      </Section>
      <Section title={t("ticket")} data-testid="wechat-ticket">
        <p className="text-sm" data-testid="ticket-status" data-state={status.ticketAt ? "received" : "none"}>
          {status.ticketAt ? t("ticketAt", { at: when(status.ticketAt) }) : t("noTicket", { url: "https://<host>/api/wechat/component" })}
        </p>
        <p className="mt-1 text-xs text-slate-500">{status.tokenExpiresAt ? t("token", { at: when(status.tokenExpiresAt) }) : t("noToken")}</p>
      </Section>
      <Section title={t("templates")} data-testid="wechat-templates">
        <p className="mb-3 text-sm" data-testid="current-template">{status.template ? t("current", { id: status.template.templateId, version: status.template.version }) : t("noCurrent")}</p>
        {libraryError ? <p className="mb-3 text-sm text-red-700">{t("libraryError", { message: libraryError })}</p> : null}
        <h3 className="mb-1 text-sm font-medium">{t("drafts")}</h3>
        {drafts.length === 0 ? (
          <p className="mb-3 text-sm text-slate-500">{t("noDrafts")}</p>
        ) : (
          <ul className="mb-4 divide-y divide-slate-100 text-sm">
            {drafts.map((d) => (
              <li key={d.draftId} className="flex items-center justify-between gap-3 py-2" data-testid="template-draft" data-draft={d.draftId}>
                <span>#{d.draftId} · {d.userVersion} · {d.userDesc} · <span className="text-xs text-slate-500">{when(d.createdAt)}</span></span>
                <AddToTemplates draftId={d.draftId} />
              </li>
            ))}
          </ul>
        )}
        <h3 className="mb-1 text-sm font-medium">{t("templateList")}</h3>
        {templates.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noTemplates")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {templates.map((x) => (
              <li key={x.templateId} className="flex items-center justify-between gap-3 py-2" data-testid="template" data-template={x.templateId}>
                <span>#{x.templateId} · {x.userVersion} · {x.userDesc} · <span className="text-xs text-slate-500">{when(x.createdAt)}</span></span>
                {status.template?.templateId === x.templateId ? <Badge className="bg-emerald-50 text-emerald-700">{t("chosen")}</Badge> : <ChooseTemplate templateId={x.templateId} version={x.userVersion} desc={x.userDesc} />}
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
