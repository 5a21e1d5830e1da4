"use client";

import { useQuery } from "@tanstack/react-query";
import { Minus, Plus } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/card";
import { Field, FormError, Input, Select } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { MAX_COMMISSION_LEVELS } from "@/packages/commission/src/plan";
import { formatFen } from "@/packages/core/src/money";
import { parseYuan } from "@/packages/core/src/yuan";
import { ProductSearchBox, useProductSearch, type ProductOption } from "./product-search";
import { ReasonText } from "./reason";

/**
 * The live calculator: a product, the paid amount (default its price × quantity),
 * the buyer and the upline's levels → what the plan pays each, explained.
 */
export function Calculator({ products, levelNames, levels }: { products: ProductOption[]; levelNames: string[]; levels: number }) {
  const t = useTranslations("distribution.calc");
  const te = useTranslations("errors");
  const locale = useLocale();
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [product, setProduct] = useState<ProductOption | undefined>(products[0]);
  const search = useProductSearch(products, product);
  const productId = product?.id ?? "";
  const [amount, setAmount] = useState("");
  const [quantity, setQuantity] = useState("1");
  const [buyer, setBuyer] = useState("");
  const [upline, setUpline] = useState<number[]>([1]);
  const qty = Math.max(1, Math.min(999, Number.parseInt(quantity, 10) || 1));
  const yuan = amount.trim() === "" ? null : parseYuan(amount);
  const amountError = yuan && (!yuan.ok || yuan.fen < 1) ? te("commission.calcPrice") : null;
  const input = { productId, priceFen: yuan?.ok ? yuan.fen : null, quantity: qty, buyerLevel: buyer ? Number(buyer) : null, upline };
  const q = useQuery(trpc.distribution.calculate.queryOptions(input, { enabled: hydrated && !!productId && !amountError }));
  const r = q.data;
  const levelOptions = levelNames.map((n, i) => (
    <option key={i} value={i + 1}>
      {t("levelOption", { n: i + 1, name: n })}
    </option>
  ));
  return (
    <Section title={t("title")} data-testid="calculator">
      <p className="mb-3 text-sm text-slate-500">{t("hint", { levels })}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label={t("product")} htmlFor="calc-product">
          <ProductSearchBox id="calc-product-search" search={search} />
          <Select id="calc-product" value={productId} onChange={(e) => setProduct(search.options.find((p) => p.id === e.target.value))}>
            {search.options.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.priceFen !== null ? ` · ${formatFen(p.priceFen, locale)}` : ""}
              </option>
            ))}
          </Select>
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label={t("quantity")} htmlFor="calc-qty">
            <Input id="calc-qty" inputMode="numeric" value={quantity} onChange={(e) => setQuantity(e.target.value)} />
          </Field>
          <Field label={t("amount")} htmlFor="calc-amount" hint={product?.priceFen != null ? t("amountDefault", { amount: formatFen(product.priceFen * qty, locale) }) : undefined} error={amountError}>
            <Input id="calc-amount" inputMode="decimal" value={amount} placeholder={product?.priceFen != null ? formatFen(product.priceFen * qty, locale) : ""} onChange={(e) => setAmount(e.target.value)} />
          </Field>
        </div>
        <Field label={t("buyer")} htmlFor="calc-buyer">
          <Select id="calc-buyer" value={buyer} onChange={(e) => setBuyer(e.target.value)}>
            <option value="">{t("notDistributor")}</option>
            {levelOptions}
          </Select>
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">{t("upline")}</legend>
          {upline.map((lv, i) => (
            <div key={i} className="flex items-center gap-2">
              <span className="w-16 shrink-0 text-xs text-slate-500">{t("uplineN", { n: i + 1 })}</span>
              <Select aria-label={t("uplineN", { n: i + 1 })} data-testid={`calc-upline-${i + 1}`} value={lv} onChange={(e) => setUpline(upline.map((x, j) => (j === i ? Number(e.target.value) : x)))}>
                {levelOptions}
              </Select>
              {upline.length > 1 && i === upline.length - 1 ? (
                <Button type="button" variant="ghost" size="icon" aria-label={t("removeUpline")} onClick={() => setUpline(upline.slice(0, -1))}>
                  <Minus className="h-4 w-4" aria-hidden />
                </Button>
              ) : null}
            </div>
          ))}
          {upline.length < MAX_COMMISSION_LEVELS ? (
            <Button type="button" variant="outline" size="sm" onClick={() => setUpline([...upline, 1])} data-testid="calc-add-upline">
              <Plus className="h-4 w-4" aria-hidden /> {t("addUpline")}
            </Button>
          ) : null}
        </fieldset>
      </div>
      <div className="mt-4 rounded-lg bg-slate-50 p-3" data-testid="calc-result" aria-live="polite">
        <FormError message={errorInfo(q.error).message} />
        {r ? (
          <>
            <p className="text-sm">
              {t("line", { name: r.product.name, paid: formatFen(r.paidFen, locale), margin: formatFen(r.guard.marginFen, locale), cap: formatFen(r.guard.capFen, locale) })}
              {r.guard.scaled ? <strong className="ml-1 text-amber-700">{t("scaled")}</strong> : null}
            </p>
            {r.commissions.length === 0 ? (
              <p className="mt-2 text-sm text-slate-500">{t("none")}</p>
            ) : (
              <ul className="mt-2 space-y-2">
                {r.commissions.map((c) => (
                  <li key={`${c.beneficiaryId}-${c.commissionLevel}`} className="rounded-md bg-white p-2 text-sm ring-1 ring-slate-200" data-testid="calc-commission">
                    <div className="flex items-baseline justify-between gap-2">
                      <span className="font-medium">{c.reason.selfPurchase ? t("buyerSelf") : t("uplineN", { n: Number(c.beneficiaryId.replace("upline-", "")) })}</span>
                      <span className="font-semibold tabular-nums text-emerald-700" data-testid="calc-amount-value">
                        {formatFen(c.amountFen, locale)}
                      </span>
                    </div>
                    <p className="text-xs text-slate-600">
                      <ReasonText reason={c.reason} amountFen={c.amountFen} levelNames={levelNames} />
                    </p>
                  </li>
                ))}
              </ul>
            )}
            <p className="mt-2 text-sm">{t("total", { total: formatFen(r.commissions.reduce((s, c) => s + c.amountFen, 0), locale) })}</p>
          </>
        ) : q.isFetching ? (
          <p className="text-sm text-slate-500">{t("calculating")}</p>
        ) : null}
      </div>
    </Section>
  );
}
