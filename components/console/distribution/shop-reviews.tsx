"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { markFlagged } from "@/packages/decoration/src/personal-shop";

/** A title with its flagged words marked (found as the check finds them, so 躺 赚 is marked too). */
export function FlaggedText({ text, words }: { text: string; words: string[] }) {
  return (
    <>
      {markFlagged(text, words).map((s, i) =>
        s.hit ? (
          <mark key={i} className="rounded bg-red-100 px-0.5 text-red-800" data-testid="flagged-word">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

/** 通过, or 驳回 with a reason the distributor will read (the server refuses an empty one). */
export function ReviewDecision({ id }: { id: string }) {
  const t = useTranslations("distribution.reviews");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const m = useMutation(trpc.distribution.reviews.decide.mutationOptions({ onSuccess: () => router.refresh() }));
  const { message, fields } = errorInfo(m.error);
  const busy = !hydrated || m.isPending;
  if (rejecting)
    return (
      <form
        className="w-56 space-y-2"
        data-testid="reject-form"
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate({ id, decision: "reject", reason });
        }}
      >
        <Field label={t("reason")} htmlFor={`reason-${id}`} hint={t("reasonHint")} error={fields.reason}>
          <Input id={`reason-${id}`} value={reason} maxLength={200} autoFocus onChange={(e) => setReason(e.target.value)} aria-invalid={!!fields.reason} data-testid="reject-reason" />
        </Field>
        <div className="flex gap-2">
          <Button type="submit" size="sm" variant="destructive" disabled={busy} data-testid="reject-confirm">
            {t("confirmReject")}
          </Button>
          <Button type="button" size="sm" variant="outline" disabled={busy} onClick={() => setRejecting(false)}>
            {t("cancel")}
          </Button>
        </div>
        {fields.reason ? null : <FormError message={message} />}
      </form>
    );
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" disabled={busy} onClick={() => m.mutate({ id, decision: "approve", reason: "" })} data-testid="review-approve">
        {t("approve")}
      </Button>
      <Button size="sm" variant="outline" className="text-red-700" disabled={busy} onClick={() => setRejecting(true)} data-testid="review-reject">
        {t("reject")}
      </Button>
      <FormError message={message} />
    </div>
  );
}

/** Lets a suspended distributor edit their shop again. */
export function LiftSuspension({ userId }: { userId: string }) {
  const t = useTranslations("distribution.reviews");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const m = useMutation(trpc.distribution.reviews.lift.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <span className="ml-auto flex items-center gap-2">
      <Button size="sm" variant="outline" disabled={!hydrated || m.isPending} onClick={() => m.mutate({ userId })} data-testid="lift-suspension">
        {t("lift")}
      </Button>
      <FormError message={errorInfo(m.error).message} />
    </span>
  );
}

/** The merchant's banned words, one a line, beside the platform's list (read-only). */
export function ModerationWords({ initial, canWrite, platform }: { initial: string[]; canWrite: boolean; platform: string[] }) {
  const t = useTranslations("distribution.reviews");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [text, setText] = useState(initial.join("\n"));
  const [saved, setSaved] = useState(false);
  const m = useMutation(
    trpc.distribution.reviews.saveWords.mutationOptions({
      onSuccess: (words) => {
        setText(words.join("\n"));
        setSaved(true);
      },
    }),
  );
  const { message, fields } = errorInfo(m.error);
  return (
    <div className="grid gap-4 md:grid-cols-2">
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          m.mutate({ words: text.split("\n").map((w) => w.trim()).filter(Boolean) });
        }}
      >
        <Field label={t("wordsMine")} htmlFor="moderation-words" hint={t("wordsHint")} error={fields.words}>
          <textarea
            id="moderation-words"
            rows={8}
            value={text}
            readOnly={!canWrite}
            onChange={(e) => {
              setText(e.target.value);
              setSaved(false);
            }}
            className="w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600 read-only:bg-slate-50"
            aria-invalid={!!fields.words}
            data-testid="moderation-words"
          />
        </Field>
        {canWrite ? (
          <div className="flex items-center gap-3">
            <Button type="submit" size="sm" disabled={!hydrated || m.isPending} data-testid="save-words">
              {t("saveWords")}
            </Button>
            {saved ? (
              <span role="status" className="text-sm text-emerald-700">
                {t("wordsSaved")}
              </span>
            ) : null}
          </div>
        ) : null}
        {fields.words ? null : <FormError message={message} />}
      </form>
      <div className="space-y-1.5">
        <p className="text-sm font-medium text-slate-700">{t("platformWords")}</p>
        <ul className="flex flex-wrap gap-1" data-testid="platform-words">
          {platform.map((w) => (
            <li key={w} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600">
              {w}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
