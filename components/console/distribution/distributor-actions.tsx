"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { setLevelInput } from "@/packages/commission/src/config";

type Action = "approve" | "reject" | "suspend" | "reinstate" | "approveExit" | "refuseExit";

/** What a person may do with a distributor in each status (the server checks the same moves). */
const ACTIONS: Record<string, Action[]> = {
  pending: ["approve", "reject"],
  active: ["suspend"],
  suspended: ["reinstate"],
  exit_requested: ["approveExit", "refuseExit", "suspend"],
};
const DANGER = new Set<Action>(["reject", "suspend", "approveExit"]);

/** Row actions: status moves, and a manual level change that needs a note (audited). */
export function DistributorActions({
  userId,
  name,
  status,
  level,
  levelNames,
  canDecide,
  canSetLevel,
}: { userId: string; name: string; status: string; level: number; levelNames: string[]; canDecide: boolean; canSetLevel: boolean }) {
  const t = useTranslations("distribution.distributors");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [levelOpen, setLevelOpen] = useState(false);
  const [newLevel, setNewLevel] = useState(level);
  const [note, setNote] = useState("");
  const decide = useMutation(trpc.distribution.decide.mutationOptions({ onSuccess: () => router.refresh() }));
  const setLevel = useMutation(trpc.distribution.setLevel.mutationOptions({ onSuccess: () => { setLevelOpen(false); setNote(""); router.refresh(); } }));
  const { fields, formError, submit, pending } = useValidatedMutation(setLevelInput, setLevel);
  return (
    <div className="flex min-w-40 flex-col gap-1">
      <div className="flex flex-wrap gap-1">
        {(canDecide ? (ACTIONS[status] ?? []) : []).map((a) => (
          <Button
            key={a}
            size="sm"
            variant={DANGER.has(a) ? "outline" : "default"}
            className={DANGER.has(a) ? "text-red-700" : undefined}
            disabled={!hydrated || decide.isPending}
            data-testid={`action-${a}`}
            aria-label={t("actionFor", { action: t(`action.${a}`), name })}
            onClick={() => decide.mutate({ userId, action: a })}
          >
            {t(`action.${a}`)}
          </Button>
        ))}
        {canSetLevel && status !== "left" && status !== "rejected" ? (
          <Button size="sm" variant="ghost" disabled={!hydrated} onClick={() => setLevelOpen(!levelOpen)} data-testid="action-level" aria-expanded={levelOpen}>
            {t("changeLevel")}
          </Button>
        ) : null}
      </div>
      <FormError message={errorInfo(decide.error).message} />
      {levelOpen ? (
        <form
          className="mt-1 space-y-2 rounded-md bg-slate-50 p-2"
          data-testid="level-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit({ userId, level: newLevel, note });
          }}
        >
          <Field label={t("newLevel")} htmlFor={`lvl-${userId}`} error={fields.level}>
            <Select id={`lvl-${userId}`} value={newLevel} onChange={(e) => setNewLevel(Number(e.target.value))}>
              {levelNames.map((n, i) => (
                <option key={i} value={i + 1}>
                  {i + 1} · {n}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t("note")} htmlFor={`note-${userId}`} hint={t("noteHint")} error={fields.note}>
            <Input id={`note-${userId}`} value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={!!fields.note} />
          </Field>
          <FormError message={formError} />
          <Button type="submit" size="sm" disabled={!hydrated || pending} data-testid="save-level">
            {t("saveLevel")}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
