import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { Download, Smartphone } from "lucide-react";
import { Breadcrumbs } from "@/components/console/shell";
import { RefreshAuditButton, ReleaseButton, RevertButton, SubmitRelease } from "@/components/console/miniprogram/actions";
import { Badge, Section } from "@/components/ui/card";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { consoleFrame } from "@/lib/console";

const STATUS_STYLE: Record<string, string> = {
  released: "bg-emerald-50 text-emerald-700",
  passed: "bg-sky-50 text-sky-700",
  auditing: "bg-amber-50 text-amber-800",
  checking: "bg-amber-50 text-amber-800",
  audit_delayed: "bg-amber-50 text-amber-800",
  failed: "bg-red-50 text-red-700",
  audit_failed: "bg-red-50 text-red-700",
};

/** 微信小程序: authorize the shop's mini-program, download each release's package, submit, release, roll back (owner or admin). */
export default async function MiniprogramPage({ searchParams }: { searchParams: Promise<{ authorized?: string; error?: string }> }) {
  const { active, caller } = await consoleFrame("/console/miniprogram");
  if (!active) redirect("/console");
  const [status, { tenant }, sp] = await Promise.all([caller.miniprogram.status(), caller.tenant.current(), searchParams]);
  const t = await getTranslations("miniprogram");
  const te = await getTranslations("errors");
  const c = await getTranslations("console");
  const locale = await getLocale();
  const when = (d: Date | string | null) => (d ? new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "medium", timeZone: tenant.timeZone }).format(new Date(d)) : "—");
  const errorText = (key: string | null | undefined, params: Record<string, string> = {}) => (key ? (te.has(key as never) ? te(key as never, params as never) : te("generic")) : null);
  const blocker = status.blocker ? errorText(status.blocker.key, status.blocker.params) : null;
  const missing = [...status.env.missing, ...status.env.invalid].join(", ");
  const auth = status.authorization;
  const open = status.submissions.find((s) => ["pending", "checking", "auditing", "audit_delayed"].includes(s.status));
  const authorizeDisabled = !status.env.configured || !status.canWrite;
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: c("miniprogram") }]} />
      <p className="text-sm text-slate-600">{t("intro")}</p>
      {sp.authorized ? <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800" data-testid="authorized-banner">{t("authorizedNow", { name: sp.authorized })}</p> : null}
      {sp.error ? <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="auth-error">{t("authFailed", { message: errorText(sp.error) ?? "" })}</p> : null}
      {!status.env.configured ? (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-300" data-testid="platform-missing">{t("platformMissing", { names: missing })}</p>
      ) : null}

      <Section title={t("authTitle")} data-testid="mp-authorization">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">{t("authTitle")}</dt>
            <dd>
              <Badge className={auth?.status === "authorized" ? "bg-emerald-50 text-emerald-700" : "bg-slate-100 text-slate-600"} data-testid="auth-status" data-status={auth?.status ?? "none"}>
                {auth?.status === "authorized" ? t("authorized") : auth?.status === "revoked" ? t("revoked") : t("notAuthorized")}
              </Badge>
            </dd>
            {auth ? (
              <>
                <dt className="text-slate-500">{t("appName")}</dt>
                <dd data-testid="auth-name">{auth.nickName || "—"}</dd>
                <dt className="text-slate-500">{t("appid")}</dt>
                <dd className="font-mono text-xs" data-testid="auth-appid">{auth.appid}</dd>
                <dt className="text-slate-500">{t("authorizedAt")}</dt>
                <dd>{when(auth.authorizedAt)}</dd>
              </>
            ) : null}
          </dl>
          {authorizeDisabled ? (
            <span className={cn(buttonVariants({ variant: "default" }), "pointer-events-none opacity-50")} aria-disabled data-testid="authorize">
              <Smartphone className="h-4 w-4" aria-hidden /> {t("authorize")}
            </span>
          ) : (
            <a href="/api/wechat/authorize" className={buttonVariants({ variant: auth?.status === "authorized" ? "outline" : "default" })} data-testid="authorize">
              <Smartphone className="h-4 w-4" aria-hidden /> {auth?.status === "authorized" ? t("reauthorize") : t("authorize")}
            </a>
          )}
        </div>
      </Section>

      <Section title={t("releasesTitle")} data-testid="mp-releases">
        <p className="mb-3 text-sm" data-testid="live-version">{status.liveVersion ? t("live", { version: `${status.liveVersion.userVersion} (${t("release", { version: status.liveVersion.releaseVersion })})` }) : t("noLive")}</p>
        <ul className="divide-y divide-slate-100">
          {status.releases.map((r) => (
            <li key={r.version} className="flex flex-wrap items-start justify-between gap-3 py-3" data-testid="mp-release" data-version={r.version}>
              <div>
                <div className="font-medium">{t("release", { version: r.version })}</div>
                <div className="text-xs text-slate-500">{when(r.createdAt)}{r.note ? ` · ${r.note}` : ""}</div>
              </div>
              <div className="flex flex-wrap items-start gap-3">
                {status.canWrite ? (
                  <a href={`/api/miniprogram/package/${r.version}`} className={buttonVariants({ variant: "outline", size: "sm" })} data-testid="download-package" download>
                    <Download className="h-3.5 w-3.5" aria-hidden /> {t("download")}
                  </a>
                ) : null}
                {status.canWrite ? <SubmitRelease version={r.version} disabledReason={blocker ?? (open ? errorText("wechat.alreadyAuditing") : null)} needsReviewSafe={status.needsReviewSafe} /> : null}
              </div>
            </li>
          ))}
        </ul>
        {status.canWrite && status.liveVersion && status.env.configured && status.authorization?.status === "authorized" ? <div className="mt-3 border-t border-slate-100 pt-3"><RevertButton /></div> : null}
      </Section>

      <Section title={t("submissionsTitle")} data-testid="mp-submissions">
        {status.submissions.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noSubmissions")}</p>
        ) : (
          <ul className="space-y-3">
            {status.submissions.map((s) => (
              <li key={s.id} className="rounded-md border border-slate-200 p-3" data-testid="mp-submission" data-status={s.status} data-version={s.releaseVersion}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <div className="flex items-center gap-2">
                    <span className="font-medium">{t("release", { version: s.releaseVersion })} · {s.userVersion}</span>
                    <Badge className={STATUS_STYLE[s.status] ?? "bg-slate-100 text-slate-600"} data-testid="submission-status">{t(`status.${s.status}`)}</Badge>
                    {s.auditId ? <span className="text-xs text-slate-500">{t("auditId", { id: s.auditId })}</span> : null}
                    <span className="font-mono text-[11px] text-slate-400">{s.authorizerAppid}</span>
                  </div>
                  {status.canWrite && status.env.configured ? (
                    <div className="flex gap-2">
                      {s.status === "passed" ? <ReleaseButton id={s.id} /> : null}
                      {s.status === "auditing" || s.status === "audit_delayed" ? <RefreshAuditButton id={s.id} /> : null}
                    </div>
                  ) : null}
                </div>
                {s.errorKey ? <p className="mt-1 text-sm text-red-700" data-testid="submission-error">{errorText(s.errorKey, { code: s.reason })}{s.reason ? ` (${s.reason})` : ""}</p> : s.reason ? <p className="mt-1 text-sm text-amber-800">{s.reason}</p> : null}
                <ol className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" data-testid="submission-timeline">
                  {s.timeline.map((e, i) => (
                    <li key={i}>
                      <span className="font-medium">{t(`status.${e.status}`)}</span> {when(e.at)}
                    </li>
                  ))}
                </ol>
                <details className="mt-2 text-xs">
                  <summary className="cursor-pointer text-slate-500">{t("calls", { count: s.calls.length })}</summary>
                  <ul className="mt-1 space-y-1 font-mono">
                    {s.calls.map((call, i) => (
                      <li key={i} className="break-all">
                        <span className="text-slate-500">{when(call.at)}</span> {call.api} → {JSON.stringify(call.response)}
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
