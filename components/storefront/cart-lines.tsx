"use client";

import { useMutation } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Minus, Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { formatFen } from "@/packages/core/src/money";
import { LineItem } from "./line-item";

type Line = { skuId: string; quantity: number; productId: string; productName: string; images: string[]; status: string; spec: string[]; priceFen: number; stock: number };

/** The cart: change quantities (checked against stock by the server), remove, check out what can be bought. */
export function CartLines({ shop, base, lines }: { shop: string; base: string; lines: Line[] }) {
  const t = useTranslations("shop");
  const locale = useLocale();
  const router = useRouter();
  const trpc = useTRPC();
  const put = useMutation(trpc.shop.cartPut.mutationOptions({ onSuccess: () => router.refresh() }));
  const remove = useMutation(trpc.shop.cartRemove.mutationOptions({ onSuccess: () => router.refresh() }));
  const buyable = lines.filter((l) => l.status === "on_sale" && l.stock >= l.quantity);
  const total = buyable.reduce((s, l) => s + l.priceFen * l.quantity, 0);
  const count = buyable.reduce((s, l) => s + l.quantity, 0);
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-black/5 rounded-brand bg-white px-4 py-1 shadow-sm ring-1 ring-black/5">
        {lines.map((l) => {
          const ok = l.status === "on_sale" && l.stock > 0;
          return (
            <li key={l.skuId} data-testid="cart-line">
              <LineItem name={l.productName} spec={l.spec} images={l.images} priceFen={l.priceFen} quantity={l.quantity} locale={locale}>
                <div className="mt-1 flex items-center justify-between">
                  {ok ? (
                    <div className="flex items-center rounded-full border border-black/10">
                      <button type="button" aria-label="-" className="p-1.5 disabled:opacity-30" disabled={l.quantity <= 1 || put.isPending} onClick={() => put.mutate({ shop, skuId: l.skuId, quantity: l.quantity - 1, mode: "set" })}>
                        <Minus className="h-3.5 w-3.5" />
                      </button>
                      <span className="w-7 text-center text-xs">{l.quantity}</span>
                      <button type="button" aria-label="+" className="p-1.5 disabled:opacity-30" disabled={l.quantity >= l.stock || put.isPending} onClick={() => put.mutate({ shop, skuId: l.skuId, quantity: l.quantity + 1, mode: "set" })}>
                        <Plus className="h-3.5 w-3.5" />
                      </button>
                    </div>
                  ) : (
                    <span className="text-xs text-slate-400">{l.status === "on_sale" ? t("outOfStock") : t("unavailable")}</span>
                  )}
                  <button type="button" className="flex items-center gap-1 text-xs text-slate-500" onClick={() => remove.mutate({ shop, skuId: l.skuId })}>
                    <Trash2 className="h-3.5 w-3.5" aria-hidden /> {t("remove")}
                  </button>
                </div>
              </LineItem>
            </li>
          );
        })}
      </ul>
      <FormError message={errorInfo(put.error).message ?? errorInfo(remove.error).message} />
      <div className="fixed bottom-14 left-1/2 z-10 flex w-full max-w-md -translate-x-1/2 items-center justify-between gap-3 border-t border-black/5 bg-white/95 p-2 pl-4 backdrop-blur">
        <span className="text-sm">
          {t("total")} <strong className="text-lg text-brand" data-testid="cart-total">{formatFen(total, locale)}</strong>
        </span>
        <Button variant="brand" asChild disabled={count === 0}>
          <Link href={`${base}/checkout?from=cart`} aria-disabled={count === 0} data-testid="cart-checkout">
            {t("checkout", { count })}
          </Link>
        </Button>
      </div>
    </div>
  );
}
