import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { getFormatter, getTranslations } from "next-intl/server";
import { Section } from "@/components/ui/card";
import { can } from "@/packages/tenancy/src/roles";
import { Breadcrumbs } from "@/components/console/shell";
import { MembersPanel } from "@/components/console/members-panel";
import { consoleFrame } from "@/lib/console";

export default async function MembersPage() {
  const { active, caller, user } = await consoleFrame("/console/members");
  if (!active) redirect("/console");
  const [{ role }, list] = await Promise.all([caller.tenant.current(), caller.members.list()]);
  const t = await getTranslations("console");
  const tp = await getTranslations("piiLog");
  const format = await getFormatter();
  const accesses = can(role, "members.manage") ? await caller.members.piiAccess() : null;
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  return (
    <div>
      <Breadcrumbs items={[{ label: t("title"), href: "/console" }, { label: t("members") }]} />
      <h1 className="mb-4 text-2xl font-bold">{t("members")}</h1>
      <MembersPanel members={list.members} invitations={list.invitations} me={user.id} myRole={role} origin={origin} />
      {accesses ? (
        <Section title={tp("title")} className="mt-6" data-testid="pii-log">
          <p className="mb-3 text-xs text-slate-500">{tp("hint")}</p>
          {accesses.length === 0 ? (
            <p className="text-sm text-slate-500">{tp("empty")}</p>
          ) : (
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-slate-500">
                <tr>
                  <th className="py-1 pr-3">{tp("when")}</th>
                  <th className="py-1 pr-3">{tp("who")}</th>
                  <th className="py-1 pr-3">{tp("where")}</th>
                  <th className="py-1 pr-3">{tp("whose")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {accesses.map((a) => (
                  <tr key={a.id} data-testid="pii-access" data-surface={a.surface}>
                    <td className="whitespace-nowrap py-2 pr-3 text-xs text-slate-500">{format.dateTime(a.createdAt, { dateStyle: "short", timeStyle: "short" })}</td>
                    <td className="py-2 pr-3">{a.actorName ?? "—"}</td>
                    <td className="py-2 pr-3">{tp(`surface.${a.surface === "orders.list" ? "ordersList" : a.surface === "orders.detail" ? "orderDetail" : a.surface === "finance.withholding" ? "financeWithholding" : "distributorsList"}`)}</td>
                    <td className="py-2 pr-3 text-xs">
                      {a.subjectNames.join("、")}
                      {a.subjects > a.subjectNames.length ? ` ${tp("more", { n: a.subjects - a.subjectNames.length })}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      ) : null}
    </div>
  );
}
