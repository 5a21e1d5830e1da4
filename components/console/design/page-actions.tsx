"use client";

import { useMutation } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { z } from "zod";
import { pageSlugSchema } from "@/packages/decoration/src";

/** The router's createPageInput with the slug rule createLandingPage applies (the router file is server-only). */
const createPageForm = z.object({ slug: pageSlugSchema, title: z.string().max(40, { error: "decoration.textTooLong" }) });

/** 新建落地页: slug and title; page.slugTaken / page.slugFormat land on the slug field. */
export function CreatePageForm() {
  const t = useTranslations("design.pages");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const [v, setV] = useState({ slug: "", title: "" });
  const [created, setCreated] = useState<{ id: string; slug: string } | null>(null);
  const m = useMutation(trpc.design.createPage.mutationOptions());
  const form = useValidatedMutation(createPageForm, m);
  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-start"
      noValidate
      data-testid="create-page-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setCreated(null);
        const slug = v.slug.trim().toLowerCase();
        const out = await form.submit({ slug, title: v.title });
        if (out) {
          setCreated({ id: out.id, slug });
          setV({ slug: "", title: "" });
          router.refresh();
        }
      }}
    >
      <Field label={t("slug")} htmlFor="page-slug" hint={t("slugHint")} error={form.fields.slug}>
        <div className="flex items-center rounded-md">
          <span className="mr-1 text-sm text-slate-500">/pages/</span>
          <Input id="page-slug" value={v.slug} onChange={(e) => setV({ ...v, slug: e.target.value })} autoCapitalize="off" spellCheck={false} aria-invalid={Boolean(form.fields.slug)} />
        </div>
      </Field>
      <Field label={t("pageTitle")} htmlFor="page-title" error={form.fields.title}>
        <Input id="page-title" value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} maxLength={40} aria-invalid={Boolean(form.fields.title)} />
      </Field>
      <Button type="submit" className="sm:mt-6" disabled={form.pending} data-testid="create-page">
        <Plus className="h-4 w-4" aria-hidden /> {c("create")}
      </Button>
      <div className="sm:col-span-3">
        <FormError message={form.formError} />
        {created ? (
          <p role="status" className="text-sm text-emerald-700" data-testid="page-created">
            {t("created", { slug: created.slug })}{" "}
            <Link href={`/console/design/pages/${created.id}`} className="underline">
              {t("edit")}
            </Link>
          </p>
        ) : null}
      </div>
    </form>
  );
}

/** 删除 a landing page, after an inline confirmation naming it. */
export function DeletePageButton({ id, title }: { id: string; title: string }) {
  const t = useTranslations("design.pages");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const m = useMutation(trpc.design.deletePage.mutationOptions({ onSuccess: () => (setConfirming(false), router.refresh()) }));
  const error = errorInfo(m.error).message;
  if (!confirming)
    return (
      <Button type="button" variant="ghost" size="sm" className="text-red-600" onClick={() => setConfirming(true)} data-testid="delete-page">
        <Trash2 className="h-4 w-4" aria-hidden /> {t("delete")}
      </Button>
    );
  return (
    <div role="alertdialog" aria-labelledby={`delete-${id}`} className="space-y-2 rounded-md border border-red-200 bg-red-50 p-2 text-left text-sm" data-testid="delete-page-confirm">
      <p id={`delete-${id}`}>{t("confirmDelete", { title })}</p>
      {error ? <p className="text-xs text-red-700">{error}</p> : null}
      <div className="flex gap-2">
        <Button type="button" variant="destructive" size="sm" disabled={m.isPending} onClick={() => m.mutate({ id })} data-testid="confirm-delete-page">
          {t("confirmDeleteButton")}
        </Button>
        <Button type="button" variant="outline" size="sm" disabled={m.isPending} onClick={() => setConfirming(false)}>
          {c("cancel")}
        </Button>
      </div>
    </div>
  );
}
