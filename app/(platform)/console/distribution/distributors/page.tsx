import Link from "next/link";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { DistributorActions } from "@/components/console/distribution/distributor-actions";
import { TeamTree } from "@/components/console/distribution/team-tree";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/console/pager";
import { DataTable } from "@/components/ui/table";
import { DISTRIBUTOR_STATUSES } from "@/packages/commission/src/config";
import { EmptyState, Section } from "@/components/ui/card";
import { Input } from "@/components/ui/form";
import { cn } from "@/lib/cn";
import { consoleFrame } from "@/lib/console";
import { formatFen } from "@/packages/core/src/money";
import { can } from "@/packages/tenancy/src/roles";

type Status = (typeof DISTRIBUTOR_STATUSES)[number];
const PAGE_SIZE = 20;

type Search = { q?: string; status?: string; page?: string };

/** Distributors by status with counts, searchable by name, phone or code, each with its actions; then the team tree. */
export default async function DistributorsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const sp = await searchParams;
  const { active, caller } = await consoleFrame("/console/distribution/distributors");
  if (!active) redirect("/console");
  const status = (DISTRIBUTOR_STATUSES as readonly string[]).includes(sp.status ?? "") ? (sp.status as Status) : null;
  const q = (sp.q ?? "").trim().slice(0, 50) || null;
  const page = Math.max(1, Math.min(100_000, Number.parseInt(sp.page ?? "1", 10) || 1));
  const [{ role }, list, levels] = await Promise.all([
    caller.tenant.current(),
    caller.distribution.distributors({ q, status, page, pageSize: PAGE_SIZE }),
    caller.distribution.levels(),
  ]);
  const t = await getTranslations("distribution.distributors");
  const locale = await getLocale();
  const canWrite = can(role, "distribution.write");
  // A level changes what someone earns: finance.write (owner, admin, finance).
  const canSetLevel = can(role, "finance.write");
  const levelNames = levels.map((l) => (locale === "en" ? l.name.en : l.name["zh-CN"]));
  const pages = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
  const all = Object.values(list.counts).reduce((a, b) => a + (b ?? 0), 0);
  const link = (over: Partial<Search>) => {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries({ q: q ?? undefined, status: status ?? undefined, page: undefined, ...over })) if (v) u.set(k, String(v));
    const s = u.toString();
    return `/console/distribution/distributors${s ? `?${s}` : ""}`;
  };
  return (
    <div className="space-y-4">
      <nav className="flex flex-wrap gap-1 text-sm" aria-label={t("status")} data-testid="distributor-tabs">
        {[null, ...DISTRIBUTOR_STATUSES].map((x) => (
          <Link
            key={x ?? "all"}
            href={link({ status: x ?? undefined })}
            aria-current={x === status ? "page" : undefined}
            data-testid={`tab-${x ?? "all"}`}
            className={cn("rounded-md px-3 py-1.5", x === status ? "bg-emerald-700 text-white" : "bg-white ring-1 ring-slate-200 hover:bg-slate-50")}
          >
            {x ? t(`statuses.${x}`) : t("all")}
            <span className="ml-1 opacity-70">{x ? (list.counts[x] ?? 0) : all}</span>
          </Link>
        ))}
      </nav>
      <form className="flex gap-2 rounded-lg bg-white p-3 ring-1 ring-slate-200" action="/console/distribution/distributors">
        {status ? <input type="hidden" name="status" value={status} /> : null}
        <Input name="q" defaultValue={q ?? ""} placeholder={t("search")} aria-label={t("search")} data-testid="distributors-q" />
        <Button type="submit">{t("apply")}</Button>
      </form>
      {list.rows.length === 0 ? (
        <EmptyState title={t("empty")} />
      ) : (
        <DataTable
          columns={[{ label: t("name") }, { label: t("code") }, { label: t("level") }, { label: t("referrer") }, { label: t("direct"), align: "right" }, { label: t("teamSales"), align: "right" }, { label: t("pending"), align: "right" }, { label: t("flags"), align: "right" }, { label: t("actions") }]}
          testId="distributors-table"
          nowrap
        >
          {list.rows.map((r) => (
            <tr key={r.userId} className="align-top hover:bg-slate-50" data-testid="distributor-row" data-code={r.code}>
              <td className="px-3 py-2">
                <span className="font-medium">{r.name}</span>
                <span className="block text-xs text-slate-400">{r.phone}</span>
                <span className="mt-0.5 inline-block rounded bg-slate-100 px-1.5 text-xs text-slate-600" data-testid="distributor-status">
                  {t(`statuses.${r.status}`)}
                </span>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{r.code}</td>
              <td className="whitespace-nowrap px-3 py-2">{levelNames[r.level - 1] ?? r.level}</td>
              <td className="px-3 py-2">{r.referrerName ?? "—"}</td>
              <td className="px-3 py-2 text-right tabular-nums">{r.direct}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatFen(r.teamSalesFen, locale)}</td>
              <td className="px-3 py-2 text-right tabular-nums">{formatFen(r.pendingFen, locale)}</td>
              <td className={cn("px-3 py-2 text-right tabular-nums", r.openFlags ? "font-semibold text-amber-700" : "")}>{r.openFlags}</td>
              <td className="px-3 py-2">
                {canWrite || canSetLevel ? <DistributorActions userId={r.userId} name={r.name} status={r.status} level={r.level} levelNames={levelNames} canDecide={canWrite} canSetLevel={canSetLevel} /> : <span className="text-xs text-slate-400">—</span>}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager
        summary={t("count", { count: list.total })}
        position={t("page", { page, pages })}
        prev={page > 1 ? { href: link({ page: String(page - 1) }), label: t("prev") } : null}
        next={page < pages ? { href: link({ page: String(page + 1) }), label: t("next") } : null}
      />
      <Section title={t("tree")} data-testid="team-tree">
        <TeamTree levelNames={levelNames} />
      </Section>
    </div>
  );
}
