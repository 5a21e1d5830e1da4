import { getFormatter, getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { OutboxRetry } from "@/components/platform/outbox-retry";
import { Badge, EmptyState, Section } from "@/components/ui/card";
import { cn } from "@/lib/cn";
import { consoleFrame } from "@/lib/console";

const STATUS_STYLE = { running: "bg-sky-50 text-sky-700", done: "bg-emerald-50 text-emerald-700", failed: "bg-red-50 text-red-700" } as const;

export default async function PlatformPage() {
  const { user, caller } = await consoleFrame("/platform");
  const t = await getTranslations("platform");
  const te = await getTranslations("errors");
  if (!user.isPlatformOperator) return <EmptyState title={te("platform.required")} />;
  const [tenants, runs, failures] = await Promise.all([caller.platform.tenants(), caller.platform.jobRuns(), caller.platform.outbox()]);
  const format = await getFormatter();
  const when = (iso: string | null) => (iso ? format.dateTime(new Date(iso), { dateStyle: "short", timeStyle: "medium" }) : "—");
  const JOBS = { "distribution.daily": "distributionDaily", "distribution.month-close": "monthClose", "orders.sweep": "ordersSweep" } as const;
  const jobName = (job: string) => (job in JOBS ? t(`jobNames.${JOBS[job as keyof typeof JOBS]}`) : job);
  const slugs = new Map(tenants.map((x) => [x.id, x.slug]));
  return (
    <div className="space-y-4">
      <Breadcrumbs items={[{ label: t("title") }]} />
      <Section title={<>{t("outbox")} ({failures.length})</>} data-testid="outbox-failures">
        <p className="mb-3 text-xs text-slate-500">{t("outboxHint")}</p>
        {failures.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noFailures")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="py-1 pr-3">{t("tenant")}</th>
                  <th className="py-1 pr-3">{t("event")}</th>
                  <th className="py-1 pr-3">{t("attempts")}</th>
                  <th className="py-1 pr-3">{t("nextTry")}</th>
                  <th className="py-1 pr-3">{t("error")}</th>
                  <th />
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {failures.map((f) => (
                  <tr key={`${f.tenantId}:${f.seq}`} data-testid="outbox-failure" data-seq={f.seq} data-parked={f.parkedAt ? "1" : "0"}>
                    <td className="py-2 pr-3">{f.tenantSlug}</td>
                    <td className="py-2 pr-3">
                      <div className="font-mono text-xs">{f.topic} #{f.seq}</div>
                      <div className="font-mono text-[11px] text-slate-500">{t("order")} {f.orderId.slice(0, 8)}</div>
                    </td>
                    <td className="py-2 pr-3">{f.attempts}</td>
                    <td className="py-2 pr-3 text-xs">{f.parkedAt ? <Badge className="bg-red-50 text-red-700">{t("parked")}</Badge> : when(f.retryAt)}</td>
                    <td className="max-w-xs truncate py-2 pr-3 font-mono text-xs text-red-700" title={f.lastError ?? ""}>{f.lastError}</td>
                    <td className="py-2 text-right"><OutboxRetry tenantId={f.tenantId} seq={f.seq} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title={t("jobs")} data-testid="job-runs">
        <p className="mb-3 text-xs text-slate-500">{t("jobsHint")}</p>
        {runs.length === 0 ? (
          <p className="text-sm text-slate-500">{t("noRuns")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="py-1 pr-3">{t("job")}</th>
                  <th className="py-1 pr-3">{t("period")}</th>
                  <th className="py-1 pr-3">{t("status")}</th>
                  <th className="py-1 pr-3">{t("attempts")}</th>
                  <th className="py-1 pr-3">{t("started")}</th>
                  <th className="py-1 pr-3">{t("finished")}</th>
                  <th className="py-1 pr-3">{t("error")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {runs.map((r) => {
                  // A month close is per shop: "<tenant id>:<month>" shown as "<slug> · <month>".
                  const [tid, month] = r.period.includes(":") ? r.period.split(":") : [null, r.period];
                  return (
                    <tr key={`${r.job}:${r.period}`} data-testid="job-run" data-job={r.job} data-status={r.status}>
                      <td className="py-2 pr-3">{jobName(r.job)}</td>
                      <td className="py-2 pr-3 font-mono text-xs">{tid ? `${slugs.get(tid) ?? tid.slice(0, 8)} · ${month}` : r.period}</td>
                      <td className="py-2 pr-3"><Badge className={cn(STATUS_STYLE[r.status])}>{t(`runStatus.${r.status}`)}</Badge></td>
                      <td className="py-2 pr-3">{r.attempts}</td>
                      <td className="py-2 pr-3 text-xs">{when(r.startedAt)}</td>
                      <td className="py-2 pr-3 text-xs">{when(r.finishedAt)}</td>
                      <td className="max-w-xs truncate py-2 pr-3 font-mono text-xs text-red-700" title={r.error ?? ""}>{r.error}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section title={<>{t("tenants")} ({tenants.length})</>}>
        <table className="w-full text-sm">
          <tbody className="divide-y divide-slate-100">
            {tenants.map((x) => (
              <tr key={x.id}>
                <td className="py-2 font-medium">{x.name}</td>
                <td className="py-2 text-slate-500">{x.slug}</td>
                <td className="py-2">{x.plan}</td>
                <td className="py-2">{x.status}</td>
                <td className="py-2 text-xs text-slate-500">{format.dateTime(x.createdAt, { dateStyle: "medium" })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </div>
  );
}
