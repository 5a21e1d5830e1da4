"use client";

import { useMutation } from "@tanstack/react-query";
import { QrCode, Rocket, RotateCcw, X } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { CopyField } from "@/components/storefront/distribution";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { z } from "zod";

/** The router's publishInput (the router file is server-only). */
const publishForm = z.object({ note: z.string().max(200, { error: "decoration.textTooLong" }) });

/** The toast on screen: a newer one replaces it (publish then roll back shows one message, not two stacked). */
const shownToasts = new Set<(v: null) => void>();

/** A short-lived confirmation at the bottom of the screen (the console has no toast library; this is its one use). */
function Toast({ message, onDone }: { message: string; onDone: (v: null) => void }) {
  useEffect(() => {
    for (const close of shownToasts) if (close !== onDone) close(null);
    shownToasts.add(onDone);
    const id = setTimeout(() => onDone(null), 5000);
    return () => {
      clearTimeout(id);
      shownToasts.delete(onDone);
    };
  }, [message, onDone]);
  return (
    <div role="status" className="fixed bottom-4 right-4 z-50 rounded-md bg-slate-900 px-4 py-3 text-sm text-white shadow-lg" data-testid="design-toast">
      {message}
    </div>
  );
}

/** 发布: the drafts become the next numbered release, with a note. */
export function PublishForm() {
  const t = useTranslations("design.releases");
  const trpc = useTRPC();
  const router = useRouter();
  const [note, setNote] = useState("");
  const [toast, setToast] = useState<string | null>(null);
  const m = useMutation(trpc.design.publish.mutationOptions());
  const form = useValidatedMutation(publishForm, m);
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start"
      noValidate
      data-testid="publish-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const out = await form.submit({ note });
        if (out) {
          setNote("");
          setToast(t("published", { version: out.version }));
          router.refresh();
        }
      }}
    >
      <Field label={t("note")} htmlFor="release-note" error={form.fields.note}>
        <Input id="release-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={200} placeholder={t("notePlaceholder")} aria-invalid={Boolean(form.fields.note)} />
      </Field>
      <Button type="submit" className="sm:mt-6" disabled={form.pending} data-testid="publish">
        <Rocket className="h-4 w-4" aria-hidden /> {form.pending ? t("publishing") : t("publish")}
      </Button>
      <div className="sm:col-span-2">
        <FormError message={form.formError ?? Object.entries(form.fields).find(([k]) => k !== "note")?.[1]} />
      </div>
      {toast ? <Toast message={toast} onDone={setToast} /> : null}
    </form>
  );
}

/** 回滚 to an earlier release (a new release with its content), after a confirmation. */
export function RollbackButton({ version }: { version: number }) {
  const t = useTranslations("design.releases");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  const m = useMutation(
    trpc.design.rollback.mutationOptions({
      onSuccess: (out) => {
        setConfirming(false);
        setToast(t("rolledBack", { from: version, version: out.version }));
        router.refresh();
      },
    }),
  );
  const error = errorInfo(m.error).message;
  return (
    <>
      {confirming ? (
        <div role="alertdialog" aria-labelledby={`rollback-${version}`} className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-left text-sm whitespace-normal" data-testid="rollback-confirm">
          <p id={`rollback-${version}`}>{t("confirmRollback", { version })}</p>
          {error ? <p className="text-xs text-red-700">{error}</p> : null}
          <div className="flex gap-2">
            <Button type="button" size="sm" disabled={m.isPending} onClick={() => m.mutate({ version })} data-testid="confirm-rollback">
              {t("confirmRollbackButton")}
            </Button>
            <Button type="button" variant="outline" size="sm" disabled={m.isPending} onClick={() => setConfirming(false)}>
              {c("cancel")}
            </Button>
          </div>
        </div>
      ) : (
        <Button type="button" variant="outline" size="sm" onClick={() => setConfirming(true)} data-testid="rollback">
          <RotateCcw className="h-4 w-4" aria-hidden /> {t("rollback")}
        </Button>
      )}
      {toast ? <Toast message={toast} onDone={setToast} /> : null}
    </>
  );
}

/** 手机预览: a signed link to the drafts (design.previewLink) as text, copy button and QR code, with its expiry. */
export function PreviewLinkButton() {
  const t = useTranslations("design.releases");
  const format = useFormatter();
  const trpc = useTRPC();
  const [shown, setShown] = useState<{ link: string; qr: string; expiresAt: Date } | null>(null);
  const m = useMutation(
    trpc.design.previewLink.mutationOptions({
      onSuccess: async (out) => {
        const link = `${window.location.origin}${out.path}`;
        const QRCode = (await import("qrcode")).default;
        const qr = await QRCode.toDataURL(link, { margin: 1, width: 200, errorCorrectionLevel: "M" });
        setShown({ link, qr, expiresAt: new Date(out.expiresAt) });
      },
    }),
  );
  const error = errorInfo(m.error).message;
  return (
    <div className="space-y-3">
      <Button type="button" variant="outline" disabled={m.isPending} onClick={() => m.mutate()} data-testid="preview-link">
        <QrCode className="h-4 w-4" aria-hidden /> {t("preview")}
      </Button>
      <FormError message={error} />
      {shown ? (
        <div role="dialog" aria-labelledby="preview-title" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="preview-sheet">
          <div className="flex items-center justify-between">
            <p id="preview-title" className="font-medium">
              {t("previewTitle")}
            </p>
            <button type="button" aria-label={t("close")} className="p-1 text-slate-400 hover:text-slate-600" onClick={() => setShown(null)}>
              <X className="h-4 w-4" />
            </button>
          </div>
          <p className="text-xs text-slate-500" data-testid="preview-expires">
            {t("previewHint", { time: format.dateTime(shown.expiresAt, { dateStyle: "medium", timeStyle: "short" }) })}
          </p>
          <CopyField value={shown.link} testId="preview-url" label={t("previewLink")} />
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL drawn here */}
          <img src={shown.qr} alt={t("qrAlt")} width={200} height={200} className="mx-auto" data-testid="preview-qr" data-payload={shown.link} />
        </div>
      ) : null}
    </div>
  );
}
