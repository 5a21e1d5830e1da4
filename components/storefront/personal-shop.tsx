"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { ArrowDown, ArrowUp, ImagePlus, Plus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { cn } from "@/lib/cn";
import { SHOP_COLOURS, type PersonalShop, type ShopColour, type ShopRights } from "@/packages/decoration/src/personal-shop";

export type PickableProduct = { id: string; name: string; image: string | null; minPriceFen: number };

/** The header's background: the theme's own colour (as /d/{code} paints it), so a choice can never leave the merchant's palette. */
const background = (c: ShopColour | null) => `var(--brand-${c === "accent" ? "accent" : c === "foreground" ? "foreground" : "primary"})`;

/** How the personal shop's header looks to a visitor of /d/{code}: the banner (or the colour) with the title and who recommends it. */
export function ShopHeaderPreview({ name, storeName, shop, productCount }: { name: string; storeName: string; shop: PersonalShop; productCount: number }) {
  const t = useTranslations("personalShop");
  return (
    <figure className="overflow-hidden rounded-brand ring-1 ring-black/5" data-testid="shop-preview" aria-label={t("preview")}>
      <div className="relative text-white" style={{ background: background(shop.colour) }}>
        {shop.banner ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img src={shop.banner} alt="" className="aspect-[2/1] w-full object-cover opacity-90" data-testid="shop-preview-banner" />
        ) : null}
        <div className={shop.banner ? "absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/60 to-transparent p-4" : "p-5"}>
          <p className="text-lg font-semibold" data-testid="shop-preview-title">
            {shop.title || t("shopOf", { name })}
          </p>
          <p className="mt-0.5 text-xs opacity-90">{t("recommendedBy", { name, shop: storeName })}</p>
        </div>
      </div>
      <figcaption className="bg-white px-4 py-2 text-xs text-slate-500">
        {t("preview")}
        {productCount ? ` · ${t("previewProducts", { n: productCount })}` : null}
      </figcaption>
    </figure>
  );
}

/**
 * The distributor's editor: only the parts their level allows (title and
 * banner, up to N products in order, a theme colour). The server enforces
 * the same rights (FORBIDDEN naming the field) and decides live or review.
 */
export function ShopEditor({ shop, name, storeName, rights, initial, products }: { shop: string; name: string; storeName: string; rights: ShopRights; initial: PersonalShop; products: PickableProduct[] }) {
  const t = useTranslations("personalShop");
  const te = useTranslations("errors");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const [title, setTitle] = useState(rights.banner ? initial.title : "");
  const [banner, setBanner] = useState<string | null>(rights.banner ? initial.banner : null);
  const byId = useMemo(() => new Map(products.map((p) => [p.id, p])), [products]);
  // A product taken off sale since is dropped (the server would refuse it).
  const [picked, setPicked] = useState<string[]>(initial.productIds.filter((id) => byId.has(id)).slice(0, rights.maxProducts));
  const [colour, setColour] = useState<ShopColour | null>(rights.colours ? initial.colour : null);
  const [q, setQ] = useState("");
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [result, setResult] = useState<{ status: "live" | "pending"; flagged: string[] } | null>(null);
  const save = useMutation(
    trpc.shop.distribution.saveShop.mutationOptions({
      onSuccess: (r) => {
        setResult(r);
        router.refresh();
      },
    }),
  );
  const { message, fields } = errorInfo(save.error);
  const fieldError = (f: string) => Object.entries(fields).find(([k]) => k === f || k.startsWith(`${f}.`))?.[1] ?? null;
  const shown = Object.keys(fields).some((k) => ["title", "banner", "productIds", "colour"].some((f) => k === f || k.startsWith(`${f}.`)));

  const content: PersonalShop = { title: title.trim(), banner, productIds: picked, colour };
  const full = picked.length >= rights.maxProducts;
  const needle = q.trim().toLowerCase();
  // A few suggestions before typing, more once searching.
  const matches = products.filter((p) => !picked.includes(p.id) && (!needle || p.name.toLowerCase().includes(needle))).slice(0, needle ? 10 : 4);

  async function upload(files: FileList | null) {
    const f = files?.[0];
    if (!f) return;
    setUploading(true);
    setUploadError(null);
    const body = new FormData();
    body.set("file", f);
    try {
      const res = await fetch(`/api/shop/${encodeURIComponent(shop)}/photos`, { method: "POST", body });
      const json = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
      if (json.url) setBanner(json.url);
      else setUploadError(json.message ?? te("generic"));
    } catch {
      setUploadError(te("generic"));
    }
    setUploading(false);
  }
  const move = (i: number, d: -1 | 1) =>
    setPicked((p) => {
      const n = [...p];
      [n[i], n[i + d]] = [n[i + d]!, n[i]!];
      return n;
    });

  return (
    <form
      className="space-y-4 rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5"
      data-testid="shop-editor"
      onSubmit={(e) => {
        e.preventDefault();
        setResult(null);
        save.mutate({ shop, content });
      }}
    >
      <h2 className="font-medium">{t("editor")}</h2>
      <ShopHeaderPreview name={name} storeName={storeName} shop={content} productCount={picked.length} />

      {rights.banner ? (
        <>
          <Field label={t("shopTitle")} htmlFor="shop-title" hint={t("titleHint")} error={fieldError("title")}>
            <Input id="shop-title" value={title} maxLength={20} onChange={(e) => setTitle(e.target.value)} aria-invalid={!!fieldError("title")} data-testid="shop-title" />
          </Field>
          <div className="space-y-1.5">
            <p className="text-sm font-medium text-slate-700">{t("banner")}</p>
            <div className="flex items-center gap-2">
              {banner ? (
                <span className="relative">
                  {/* eslint-disable-next-line @next/next/no-img-element */}
                  <img src={banner} alt="" className="h-16 w-28 rounded-md object-cover ring-1 ring-black/10" data-testid="shop-banner-thumb" />
                  <button type="button" aria-label={t("removeBanner")} className="absolute -right-1 -top-1 rounded-full bg-black/60 p-0.5 text-white" onClick={() => setBanner(null)} data-testid="shop-banner-remove">
                    <X className="h-3 w-3" />
                  </button>
                </span>
              ) : null}
              <label className="flex h-16 w-28 cursor-pointer flex-col items-center justify-center rounded-md border border-dashed border-black/20 text-[11px] text-slate-500">
                <ImagePlus className="h-5 w-5" aria-hidden />
                {uploading ? t("uploading") : t("uploadBanner")}
                <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" className="sr-only" disabled={!hydrated || uploading} data-testid="shop-banner-input" onChange={(e) => void upload(e.target.files)} />
              </label>
            </div>
            {uploadError ? <p role="alert" className="text-xs text-red-600">{uploadError}</p> : fieldError("banner") ? <p role="alert" className="text-xs text-red-600">{fieldError("banner")}</p> : <p className="text-xs text-slate-500">{t("bannerHint")}</p>}
          </div>
        </>
      ) : null}

      {rights.maxProducts > 0 ? (
        <div className="space-y-2" data-testid="shop-products">
          <div className="flex items-center justify-between">
            <p className="text-sm font-medium text-slate-700">{t("products")}</p>
            <span className={cn("text-xs", full ? "text-amber-700" : "text-slate-500")} data-testid="shop-product-count">
              {t("count", { n: picked.length, max: rights.maxProducts })}
            </span>
          </div>
          {picked.length ? (
            <ol className="divide-y divide-black/5 rounded-md ring-1 ring-black/10">
              {picked.map((id, i) => {
                const p = byId.get(id);
                return (
                  <li key={id} className="flex items-center gap-2 p-2" data-testid="shop-picked" data-id={id}>
                    <span className="w-4 text-center text-xs text-slate-400">{i + 1}</span>
                    {p?.image ? (
                      // eslint-disable-next-line @next/next/no-img-element
                      <img src={p.image} alt="" className="h-9 w-9 rounded object-cover" />
                    ) : (
                      <span className="h-9 w-9 rounded bg-slate-100" />
                    )}
                    <span className="min-w-0 flex-1 truncate text-xs">{p?.name ?? id}</span>
                    <Button type="button" variant="ghost" size="icon" className="h-7 w-7" disabled={i === 0} aria-label={t("up")} onClick={() => move(i, -1)} data-testid="shop-picked-up">
                      <ArrowUp className="h-3.5 w-3.5" />
                    </Button>
                    <Button type="button" variant="ghost" size="icon" className="h-7 w-7" disabled={i === picked.length - 1} aria-label={t("down")} onClick={() => move(i, 1)} data-testid="shop-picked-down">
                      <ArrowDown className="h-3.5 w-3.5" />
                    </Button>
                    <Button type="button" variant="ghost" size="icon" className="h-7 w-7" aria-label={t("remove")} onClick={() => setPicked((x) => x.filter((y) => y !== id))} data-testid="shop-picked-remove">
                      <X className="h-3.5 w-3.5" />
                    </Button>
                  </li>
                );
              })}
            </ol>
          ) : (
            <p className="text-xs text-slate-500">{t("noneChosen")}</p>
          )}
          {fieldError("productIds") ? <p role="alert" className="text-xs text-red-600">{fieldError("productIds")}</p> : null}
          {full ? (
            <p className="text-xs text-slate-500">{t("full", { max: rights.maxProducts })}</p>
          ) : (
            <div className="space-y-1">
              <Input type="search" value={q} placeholder={t("searchProducts")} aria-label={t("searchProducts")} onChange={(e) => setQ(e.target.value)} data-testid="shop-product-search" />
              {matches.length ? (
                <ul className="divide-y divide-black/5 rounded-md ring-1 ring-black/5">
                  {matches.map((p) => (
                    <li key={p.id}>
                      <button
                        type="button"
                        className="flex w-full items-center gap-2 p-2 text-left text-xs hover:bg-slate-50"
                        onClick={() => setPicked((x) => (x.length < rights.maxProducts && !x.includes(p.id) ? [...x, p.id] : x))}
                        data-testid="shop-product-option"
                        data-id={p.id}
                      >
                        <Plus className="h-3.5 w-3.5 text-brand" aria-hidden />
                        <span className="min-w-0 flex-1 truncate">{p.name}</span>
                        <span className="sr-only">{t("add")}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-xs text-slate-500">{t("noMatch")}</p>
              )}
            </div>
          )}
        </div>
      ) : null}

      {rights.colours ? (
        <fieldset className="space-y-1.5">
          <legend className="text-sm font-medium text-slate-700">{t("colour")}</legend>
          <div className="flex flex-wrap gap-2" role="radiogroup">
            {SHOP_COLOURS.map((c) => (
              <button
                key={c}
                type="button"
                role="radio"
                aria-checked={(colour ?? "primary") === c}
                onClick={() => setColour(c)}
                className={cn("flex items-center gap-1.5 rounded-full border px-2 py-1 text-xs", (colour ?? "primary") === c ? "border-brand ring-2 ring-brand/40" : "border-black/10")}
                data-testid={`shop-colour-${c}`}
              >
                <span className="h-4 w-4 rounded-full ring-1 ring-black/10" style={{ background: background(c) }} aria-hidden />
                {t(`colours.${c}`)}
              </button>
            ))}
          </div>
          {fieldError("colour") ? <p role="alert" className="text-xs text-red-600">{fieldError("colour")}</p> : null}
        </fieldset>
      ) : null}

      <p className="text-xs text-slate-500">{t("reviewNote")}</p>
      <FormError message={shown ? null : message} />
      {result ? (
        <p role="status" className={cn("rounded-md p-2 text-xs", result.status === "live" ? "bg-emerald-50 text-emerald-900" : "bg-amber-50 text-amber-900")} data-testid="shop-saved" data-status={result.status}>
          <span className="font-medium">{t(`saved.${result.status}`)}</span>
          {result.status === "pending" ? ` · ${result.flagged.length ? t("flagged", { words: result.flagged.join("、") }) : t("savedPendingHint")}` : null}
        </p>
      ) : null}
      <Button type="submit" variant="brand" className="w-full" disabled={!hydrated || save.isPending || uploading} data-testid="shop-save">
        {save.isPending ? t("saving") : t("save")}
      </Button>
    </form>
  );
}
