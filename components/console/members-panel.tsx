"use client";

import { useMutation } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { Section } from "@/components/ui/card";
import { TENANT_ROLES, canAssign, type Role } from "@/packages/tenancy/src/roles";
import { inviteInput } from "@/packages/tenancy/src/schemas";

type Member = { userId: string; role: Role; name: string; email: string; since: Date };
type Invitation = { id: string; email: string; role: Role; expiresAt: Date; expired: boolean };

export function MembersPanel({ members, invitations, me, myRole, origin }: { members: Member[]; invitations: Invitation[]; me: string; myRole: Role; origin: string }) {
  const t = useTranslations("members");
  const roles = useTranslations("roles");
  const c = useTranslations("common");
  const format = useFormatter();
  const trpc = useTRPC();
  const router = useRouter();
  const refresh = { onSuccess: () => router.refresh() };
  const changeRole = useMutation(trpc.members.changeRole.mutationOptions(refresh));
  const remove = useMutation(trpc.members.remove.mutationOptions(refresh));
  const revoke = useMutation(trpc.members.revoke.mutationOptions(refresh));
  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onSuccess: (inv) => {
        setFresh({ email: inv.email, url: `${origin}/invite/${inv.token}` });
        router.refresh();
      },
    }),
  );
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("operator");
  // The link exists only in the invite response: shown here once, never listed again.
  const [fresh, setFresh] = useState<{ email: string; url: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const manage = canAssign(myRole, null, "viewer");
  const inviteForm = useValidatedMutation(inviteInput, invite);
  const invFields = inviteForm.fields;
  const rowError = errorInfo(changeRole.error ?? remove.error ?? revoke.error).message;
  const assignable = TENANT_ROLES.filter((r) => canAssign(myRole, null, r));

  async function sendInvite(e: React.FormEvent) {
    e.preventDefault();
    setFresh(null);
    setCopied(false);
    const ok = await inviteForm.submit({ email, role });
    if (ok) setEmail("");
  }

  return (
    <div className="space-y-6">
      <Section title={t("title")}>
        <FormError message={rowError} />
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="members-table">
            <thead className="text-left text-xs text-slate-500">
              <tr>
                <th className="py-2">{t("title")}</th>
                <th className="py-2">{t("role")}</th>
                <th className="hidden py-2 sm:table-cell">{t("since")}</th>
                <th className="py-2 text-right">{c("actions")}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {members.map((m) => (
                <tr key={m.userId} data-testid={`member-${m.email}`}>
                  <td className="py-2">
                    <p className="font-medium">
                      {m.name} {m.userId === me ? <span className="text-xs text-slate-500">{t("you")}</span> : null}
                    </p>
                    <p className="text-xs text-slate-500">{m.email}</p>
                  </td>
                  <td className="py-2">
                    {manage && canAssign(myRole, m.role, m.role) ? (
                      <Select
                        aria-label={t("role")}
                        value={m.role}
                        className="h-8 w-32"
                        disabled={changeRole.isPending}
                        onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                      >
                        {TENANT_ROLES.filter((r) => canAssign(myRole, m.role, r)).map((r) => (
                          <option key={r} value={r}>
                            {roles(r)}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      roles(m.role)
                    )}
                  </td>
                  <td className="hidden py-2 text-xs text-slate-500 sm:table-cell">{format.dateTime(m.since, { dateStyle: "medium" })}</td>
                  <td className="py-2 text-right">
                    {manage && m.userId !== me && canAssign(myRole, m.role, m.role) ? (
                      <Button variant="ghost" size="sm" onClick={() => remove.mutate({ userId: m.userId })}>
                        {t("remove")}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

      {manage ? (
        <Section title={t("invite")}>
          <form onSubmit={sendInvite} className="grid items-start gap-3 sm:grid-cols-[1fr_10rem_auto]" noValidate>
            <Field label={t("inviteEmail")} htmlFor="invite-email" error={invFields.email}>
              <Input id="invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={Boolean(invFields.email)} />
            </Field>
            <Field label={t("inviteRole")} htmlFor="invite-role" error={invFields.role}>
              <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
                {assignable.map((r) => (
                  <option key={r} value={r}>
                    {roles(r)}
                  </option>
                ))}
              </Select>
            </Field>
            <Button type="submit" className="sm:mt-6" disabled={inviteForm.pending} data-testid="send-invite">
              {t("send")}
            </Button>
          </form>
          <div className="mt-2">
            <FormError message={inviteForm.formError} />
          </div>
          {fresh ? (
            <div className="mt-3 space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm" data-testid="new-invite">
              <p>{t("linkOnce", { email: fresh.email })}</p>
              <div className="flex min-w-0 flex-wrap items-center gap-2">
                <code className="min-w-0 max-w-full truncate rounded bg-white px-2 py-1 text-xs sm:max-w-96" data-testid="invite-link">
                  {fresh.url}
                </code>
                <Button
                  variant="outline"
                  size="sm"
                  onClick={() => {
                    void navigator.clipboard?.writeText(fresh.url);
                    setCopied(true);
                  }}
                  data-testid="copy-invite-link"
                >
                  {copied ? t("linkCopied") : c("copy")}
                </Button>
              </div>
            </div>
          ) : null}
        </Section>
      ) : null}

      <Section title={t("pending")}>
        {invitations.length === 0 ? (
          <p className="text-sm text-slate-500">{c("empty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2" data-testid={`invitation-${i.email}`}>
                <span>{t("invitedAs", { email: i.email, role: roles(i.role) })}</span>
                <span className="flex min-w-0 flex-wrap items-center gap-2">
                  {i.expired ? (
                    <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600" data-testid="invitation-expired">
                      {t("expired")}
                    </span>
                  ) : (
                    <span className="text-xs text-slate-500">{t("expiresOn", { date: format.dateTime(i.expiresAt, { dateStyle: "medium" }) })}</span>
                  )}
                  {manage ? (
                    <Button variant="ghost" size="sm" onClick={() => revoke.mutate({ id: i.id })}>
                      {t("revoke")}
                    </Button>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}
