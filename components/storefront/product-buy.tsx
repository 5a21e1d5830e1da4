"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { Minus, Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { cn } from "@/lib/cn";
import { formatFen } from "@/packages/core/src/money";

type Sku = { id: string; spec: string[]; priceFen: number; stock: number };
type Props = {
  shop: string;
  base: string;
  productId: string;
  specs: { name: string; values: string[] }[];
  /** As the page was rendered (it is cached): replaced by the live stock and prices once they arrive. */
  skus: Sku[];
};

/**
 * The product page's live part (the page itself is a cached render, the same
 * for everyone): the SKUs' stock and prices now, and whether the visitor is
 * signed in. One request, shared by the picker and "share and earn".
 */
export function useProductLive(shop: string, productId: string) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.shop.productLive.queryOptions({ shop, productId }), staleTime: 10_000 });
}

/** The share code the page was opened with (?ref=), read when it is used: the cached page does not know it. */
function refCodeHere(): string | null {
  return new URLSearchParams(window.location.search).get("ref")?.trim().slice(0, 32) || null;
}

/**
 * The SKU picker: one row of choices per spec dimension; a value that no
 * in-stock SKU offers (with the other choices made) is disabled. Shows the
 * chosen SKU's price and stock; "buy now" goes straight to checkout.
 */
export function ProductBuy({ shop, base, productId, specs, skus: rendered }: Props) {
  const t = useTranslations("shop");
  const locale = useLocale();
  const router = useRouter();
  const trpc = useTRPC();
  const live = useProductLive(shop, productId).data;
  const skus = useMemo(() => {
    if (!live) return rendered;
    const now = new Map(live.skus.map((s) => [s.id, s]));
    // A SKU gone since the render (or the product taken off sale) cannot be bought.
    return rendered.map((s) => ({ ...s, ...(now.get(s.id) ?? { stock: 0 }) }));
  }, [live, rendered]);
  const [chosen, setChosen] = useState<(string | null)[]>(() =>
    specs.length === 0 ? [] : specs.map((d, i) => (d.values.length === 1 ? d.values[0]! : skus.length === 1 ? skus[0]!.spec[i]! : null)),
  );
  const [qty, setQty] = useState(1);
  const [added, setAdded] = useState(false);
  const sku = useMemo(() => (chosen.every((v) => v !== null) ? skus.find((s) => s.spec.every((v, i) => v === chosen[i])) ?? null : null), [chosen, skus]);
  const put = useMutation(
    trpc.shop.cartPut.mutationOptions({
      onSuccess: () => {
        setAdded(true);
        router.refresh();
      },
      // Signed out before the live answer said so: sign in, then back here.
      onError: (e) => {
        if (e.data?.code === "UNAUTHORIZED") toSignIn();
      },
    }),
  );
  const prices = skus.map((s) => s.priceFen);
  const priceLabel = sku
    ? formatFen(sku.priceFen, locale)
    : Math.min(...prices) === Math.max(...prices)
      ? formatFen(prices[0]!, locale)
      : `${formatFen(Math.min(...prices), locale)} – ${formatFen(Math.max(...prices), locale)}`;

  const offered = (dim: number, value: string) =>
    skus.some((s) => s.stock > 0 && s.spec[dim] === value && s.spec.every((v, i) => i === dim || chosen[i] === null || chosen[i] === v));

  function toSignIn() {
    router.push(`${base}/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
  }
  function act(kind: "cart" | "buy") {
    if (!sku) return;
    if (live?.signedIn === false) {
      toSignIn();
      return;
    }
    const refCode = refCodeHere();
    if (kind === "cart") put.mutate({ shop, skuId: sku.id, quantity: qty, mode: "add", refCode });
    else router.push(`${base}/checkout?sku=${sku.id}&qty=${qty}${refCode ? `&ref=${encodeURIComponent(refCode)}` : ""}`);
  }

  const max = sku?.stock ?? 0;
  return (
    <div className="space-y-4">
      <p className="text-2xl font-bold text-brand" data-testid="buy-price">
        {priceLabel}
      </p>
      {specs.map((d, i) => (
        <fieldset key={d.name} className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{d.name}</legend>
          <div className="flex flex-wrap gap-2">
            {d.values.map((v) => {
              const on = chosen[i] === v;
              const ok = offered(i, v);
              return (
                <button
                  key={v}
                  type="button"
                  aria-pressed={on}
                  disabled={!ok && !on}
                  data-testid={`spec-${i}-${v}`}
                  onClick={() => setChosen((c) => c.map((x, j) => (j === i ? (on ? null : v) : x)))}
                  className={cn(
                    "rounded-full border px-3 py-1 text-sm",
                    on ? "border-brand bg-brand text-brand-foreground" : "border-black/10 bg-white",
                    !ok && !on && "cursor-not-allowed text-slate-300 line-through",
                  )}
                >
                  {v}
                </button>
              );
            })}
          </div>
        </fieldset>
      ))}
      <div className="flex items-center justify-between">
        <span className="text-sm text-slate-700">{t("quantity")}</span>
        <div className="flex items-center gap-3">
          <span className="text-xs text-slate-500" data-testid="buy-stock">
            {sku ? (sku.stock > 0 ? t("stockLeft", { count: sku.stock }) : t("outOfStock")) : specs.length ? t("pleaseChoose") : ""}
          </span>
          <div className="flex items-center rounded-full border border-black/10 bg-white">
            <button type="button" aria-label="-" className="p-2 disabled:opacity-30" disabled={qty <= 1} onClick={() => setQty((q) => Math.max(1, q - 1))}>
              <Minus className="h-4 w-4" />
            </button>
            <span className="w-8 text-center text-sm" data-testid="buy-qty">
              {qty}
            </span>
            <button type="button" aria-label="+" className="p-2 disabled:opacity-30" disabled={!sku || qty >= max} onClick={() => setQty((q) => Math.min(max, q + 1))}>
              <Plus className="h-4 w-4" />
            </button>
          </div>
        </div>
      </div>
      <FormError message={errorInfo(put.error).message} />
      {added ? (
        <p role="status" className="text-sm text-emerald-700" data-testid="added-to-cart">
          {t("added")}
        </p>
      ) : null}
      <div className="fixed bottom-14 left-1/2 z-10 grid w-full max-w-md -translate-x-1/2 grid-cols-2 gap-2 border-t border-black/5 bg-white/95 p-2 backdrop-blur">
        <Button variant="outline" className="rounded-brand" disabled={!sku || max === 0 || put.isPending} onClick={() => act("cart")} data-testid="add-to-cart">
          {t("addToCart")}
        </Button>
        <Button variant="brand" disabled={!sku || max === 0} onClick={() => act("buy")} data-testid="buy-now">
          {t("buyNow")}
        </Button>
      </div>
    </div>
  );
}
