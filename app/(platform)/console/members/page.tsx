import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { getTranslations } from "next-intl/server";
import { Breadcrumbs } from "@/components/console/shell";
import { MembersPanel } from "@/components/console/members-panel";
import { consoleFrame } from "@/lib/console";

export default async function MembersPage() {
  const { active, caller, user } = await consoleFrame("/console/members");
  if (!active) redirect("/console");
  const [{ role }, list] = await Promise.all([caller.tenant.current(), caller.members.list()]);
  const t = await getTranslations("console");
  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  return (
    <div>
      <Breadcrumbs items={[{ label: t("title"), href: "/console" }, { label: t("members") }]} />
      <h1 className="mb-4 text-2xl font-bold">{t("members")}</h1>
      <MembersPanel members={list.members} invitations={list.invitations} me={user.id} myRole={role} origin={origin} />
    </div>
  );
}
