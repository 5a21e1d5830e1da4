"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/form";
import { TAB_TARGETS, type NavItem, type TabTarget } from "@/packages/theme/src";

export type LandingPageOption = { slug: string; title: string };

/** The labels an item starts with for a target (stored data in both languages, as DEFAULT_TAB_BAR is). */
const TARGET_LABELS: Record<Exclude<TabTarget, "page">, NavItem["label"]> = {
  home: { "zh-CN": "首页", en: "Home" },
  category: { "zh-CN": "分类", en: "Categories" },
  cart: { "zh-CN": "购物车", en: "Cart" },
  me: { "zh-CN": "我的", en: "Me" },
  distribution: { "zh-CN": "分销中心", en: "Distribution" },
};

function labelsFor(target: TabTarget, page: LandingPageOption | undefined): NavItem["label"] {
  if (target !== "page") return TARGET_LABELS[target];
  // A title too long for a tab stays blank rather than cut mid-word: the field then asks for a label.
  const title = page?.title.trim() ?? "";
  return { "zh-CN": title.length <= 8 ? title : "", en: title && title.length <= 16 ? title : (page?.slug ?? "").slice(0, 16) };
}

const sameLabels = (a: NavItem["label"], b: NavItem["label"]) => a["zh-CN"] === b["zh-CN"] && a.en === b.en;
const blank = (l: NavItem["label"]) => !l["zh-CN"].trim() && !l.en.trim();

/**
 * The header navigation or the tab bar: items added, removed and moved with
 * buttons (no drag, so it works by keyboard and in tests), each a target with
 * labels in both languages. Errors come keyed as the schema's paths
 * ("tabBar.2.label.en").
 */
export function NavItemsEditor({
  name,
  items,
  onChange,
  min,
  max,
  pages,
  fields,
  disabled,
}: {
  name: "navigation" | "tabBar";
  items: NavItem[];
  onChange: (items: NavItem[]) => void;
  min: number;
  max: number;
  pages: LandingPageOption[];
  fields: Record<string, string>;
  disabled: boolean;
}) {
  const t = useTranslations("design.theme");
  const set = (i: number, item: NavItem) => onChange(items.map((x, j) => (j === i ? item : x)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...items];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    onChange(next);
  };

  function retarget(i: number, item: NavItem, target: TabTarget, pageSlug?: string) {
    const page = pages.find((p) => p.slug === pageSlug);
    const oldDefaults = labelsFor(item.target, pages.find((p) => p.slug === item.pageSlug));
    // Keep labels the merchant wrote; replace the ones that came with the previous target.
    const label = blank(item.label) || sameLabels(item.label, oldDefaults) ? labelsFor(target, page) : item.label;
    set(i, { target, ...(target === "page" && pageSlug ? { pageSlug } : {}), label });
  }

  function add() {
    const used = new Set(items.map((x) => x.target));
    const target = (TAB_TARGETS.find((x) => x !== "page" && !used.has(x)) ?? "home") as Exclude<TabTarget, "page">;
    onChange([...items, { target, label: TARGET_LABELS[target] }]);
  }

  const listError = fields[name];
  return (
    <div className="space-y-3" data-testid={`${name}-editor`}>
      {items.length === 0 ? <p className="text-sm text-slate-500">{t("noItems")}</p> : null}
      <ol className="space-y-3">
        {items.map((item, i) => {
          const id = `${name}-${i}`;
          const err = (k: string) => fields[`${name}.${i}.${k}`];
          return (
            <li key={i} className="rounded-lg border border-slate-200 p-3" data-testid={id}>
              <div className="mb-2 flex items-center justify-between">
                <span className="text-xs font-medium text-slate-500">{t("item", { n: i + 1 })}</span>
                {!disabled ? (
                  <div className="flex gap-1">
                    <Button type="button" size="icon" variant="ghost" className="h-7 w-7" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t("moveUp")} data-testid={`${id}-up`}>
                      <ArrowUp className="h-4 w-4" />
                    </Button>
                    <Button type="button" size="icon" variant="ghost" className="h-7 w-7" onClick={() => move(i, 1)} disabled={i === items.length - 1} aria-label={t("moveDown")} data-testid={`${id}-down`}>
                      <ArrowDown className="h-4 w-4" />
                    </Button>
                    <Button
                      type="button"
                      size="icon"
                      variant="ghost"
                      className="h-7 w-7 text-red-600"
                      onClick={() => onChange(items.filter((_, j) => j !== i))}
                      disabled={items.length <= min}
                      aria-label={t("remove")}
                      data-testid={`${id}-remove`}
                    >
                      <Trash2 className="h-4 w-4" />
                    </Button>
                  </div>
                ) : null}
              </div>
              <div className="grid gap-3 sm:grid-cols-2">
                <Field label={t("target")} htmlFor={`${id}-target`} error={err("target")}>
                  <Select id={`${id}-target`} value={item.target} disabled={disabled} onChange={(e) => retarget(i, item, e.target.value as TabTarget, pages[0]?.slug)} aria-invalid={Boolean(err("target"))}>
                    {TAB_TARGETS.map((x) => (
                      <option key={x} value={x} disabled={x === "page" && pages.length === 0}>
                        {t(`targets.${x}`)}
                      </option>
                    ))}
                  </Select>
                </Field>
                {item.target === "page" ? (
                  <Field label={t("page")} htmlFor={`${id}-page`} error={err("pageSlug")} hint={pages.length ? undefined : t("noLandingPages")}>
                    <Select id={`${id}-page`} value={item.pageSlug ?? ""} disabled={disabled} onChange={(e) => retarget(i, item, "page", e.target.value)} aria-invalid={Boolean(err("pageSlug"))}>
                      <option value="">{t("choosePage")}</option>
                      {pages.map((p) => (
                        <option key={p.slug} value={p.slug}>
                          {p.title ? `${p.title} (/pages/${p.slug})` : `/pages/${p.slug}`}
                        </option>
                      ))}
                    </Select>
                  </Field>
                ) : (
                  <div className="hidden sm:block" />
                )}
                <Field label={t("labelZh")} htmlFor={`${id}-zh`} error={err("label.zh-CN")}>
                  <Input id={`${id}-zh`} value={item.label["zh-CN"]} disabled={disabled} onChange={(e) => set(i, { ...item, label: { ...item.label, "zh-CN": e.target.value } })} aria-invalid={Boolean(err("label.zh-CN"))} />
                </Field>
                <Field label={t("labelEn")} htmlFor={`${id}-en`} error={err("label.en")}>
                  <Input id={`${id}-en`} value={item.label.en} disabled={disabled} onChange={(e) => set(i, { ...item, label: { ...item.label, en: e.target.value } })} aria-invalid={Boolean(err("label.en"))} />
                </Field>
              </div>
            </li>
          );
        })}
      </ol>
      {listError ? (
        <p role="alert" className="text-xs text-red-600" data-testid={`${name}-error`}>
          {listError}
        </p>
      ) : null}
      {!disabled && items.length < max ? (
        <Button type="button" variant="outline" size="sm" onClick={add} data-testid={`${name}-add`}>
          <Plus className="h-4 w-4" aria-hidden /> {t("add")}
        </Button>
      ) : null}
    </div>
  );
}
