"use client";

import { useMutation } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorInfo, useTRPC } from "@/components/trpc";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/card";
import { FormError, Input } from "@/components/ui/form";
import { createCategoryInput } from "@/packages/catalog/src/schemas";
import { useSchemaErrors } from "./errors";

type Category = { id: string; name: string; products: number };

export function CategoryManager({ categories, canEdit }: { categories: Category[]; canEdit: boolean }) {
  const t = useTranslations("products.categoriesPage");
  const c = useTranslations("common");
  const trpc = useTRPC();
  const router = useRouter();
  const { check } = useSchemaErrors();
  const refresh = { onSuccess: () => router.refresh() };
  const create = useMutation(trpc.products.categories.create.mutationOptions(refresh));
  const rename = useMutation(trpc.products.categories.rename.mutationOptions(refresh));
  const remove = useMutation(trpc.products.categories.delete.mutationOptions(refresh));
  const reorder = useMutation(trpc.products.categories.reorder.mutationOptions(refresh));
  const [name, setName] = useState("");
  const [names, setNames] = useState<Record<string, string>>({});
  const [localError, setLocalError] = useState<string | null>(null);
  const error = localError ?? errorInfo(create.error ?? rename.error ?? remove.error ?? reorder.error).message;
  const pending = create.isPending || rename.isPending || remove.isPending || reorder.isPending;
  const reset = () => [create, rename, remove, reorder].forEach((m) => m.reset());

  async function add(e: React.FormEvent) {
    e.preventDefault();
    reset();
    const r = check(createCategoryInput, { name });
    if (!r.ok) return setLocalError(Object.values(r.fields)[0] ?? null);
    setLocalError(null);
    await create.mutateAsync({ name: r.data.name }).then(() => setName("")).catch(() => null);
  }
  function move(i: number, d: -1 | 1) {
    reset();
    const ids = categories.map((x) => x.id);
    const j = i + d;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    reorder.mutate({ ids });
  }
  function save(cat: Category) {
    reset();
    const next = (names[cat.id] ?? cat.name).trim();
    if (next === cat.name) return;
    const r = check(createCategoryInput, { name: next });
    if (!r.ok) return setLocalError(Object.values(r.fields)[0] ?? null);
    setLocalError(null);
    rename.mutate({ id: cat.id, name: next });
  }

  return (
    <Section title={t("title")}>
      <FormError message={error} />
      <ul className="mt-2 divide-y divide-slate-100" data-testid="category-list">
        {categories.map((cat, i) => (
          <li key={cat.id} className="flex flex-wrap items-center gap-2 py-2" data-testid="category-row" data-name={cat.name}>
            <Input
              aria-label={t("name")}
              className="h-8 w-48"
              value={names[cat.id] ?? cat.name}
              onChange={(e) => setNames({ ...names, [cat.id]: e.target.value })}
              onBlur={() => save(cat)}
              onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), save(cat))}
              disabled={!canEdit || pending}
              data-testid={`category-name-${i}`}
            />
            <span className="text-xs text-slate-500">{t("count", { count: cat.products })}</span>
            {canEdit ? (
              <span className="ml-auto flex gap-1">
                <Button type="button" size="icon" variant="ghost" className="h-8 w-8" onClick={() => move(i, -1)} disabled={i === 0 || pending} aria-label={t("up")}>
                  <ArrowUp className="h-4 w-4" />
                </Button>
                <Button type="button" size="icon" variant="ghost" className="h-8 w-8" onClick={() => move(i, 1)} disabled={i === categories.length - 1 || pending} aria-label={t("down")}>
                  <ArrowDown className="h-4 w-4" />
                </Button>
                <Button
                  type="button"
                  size="icon"
                  variant="ghost"
                  className="h-8 w-8 text-red-600"
                  onClick={() => (reset(), remove.mutate({ id: cat.id }))}
                  disabled={pending}
                  aria-label={t("delete", { name: cat.name })}
                  title={cat.products ? t("notEmpty") : undefined}
                  data-testid={`category-delete-${i}`}
                >
                  <Trash2 className="h-4 w-4" />
                </Button>
              </span>
            ) : null}
          </li>
        ))}
        {categories.length === 0 ? <li className="py-3 text-sm text-slate-500">{t("empty")}</li> : null}
      </ul>
      {canEdit ? (
        <form onSubmit={add} className="mt-4 flex gap-2" noValidate>
          <Input aria-label={t("newName")} placeholder={t("newName")} className="w-56" value={name} onChange={(e) => setName(e.target.value)} data-testid="category-new-name" />
          <Button type="submit" disabled={pending} data-testid="category-create">
            {c("create")}
          </Button>
        </form>
      ) : null}
    </Section>
  );
}
