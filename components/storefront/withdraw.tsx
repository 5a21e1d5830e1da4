"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { formatFen } from "@/packages/core/src/money";
import { yuanToFen } from "@/packages/core/src/yuan";
import type { Locale } from "@/packages/i18n/src/locales";

/** Real name and ID number with consent to their stated purpose, before the first withdrawal (§5.7). */
export function TaxProfileForm({ shop }: { shop: string }) {
  const t = useTranslations("income.withdraw");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const [realName, setRealName] = useState("");
  const [idNumber, setIdNumber] = useState("");
  const [consent, setConsent] = useState(false);
  const save = useMutation(trpc.shop.withdrawals.saveTaxProfile.mutationOptions({ onSuccess: () => router.refresh() }));
  const err = errorInfo(save.error);
  return (
    <form
      className="space-y-3"
      data-testid="tax-profile-form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ shop, realName, idNumber, consent: consent as true });
      }}
    >
      <h3 className="font-medium">{t("taxTitle")}</h3>
      <p className="text-xs text-slate-500">{t("taxIntro")}</p>
      <Field label={t("realName")} htmlFor="tax-real-name" error={err.fields.realName}>
        <Input id="tax-real-name" value={realName} onChange={(e) => setRealName(e.target.value)} autoComplete="name" maxLength={40} />
      </Field>
      <Field label={t("idNumber")} htmlFor="tax-id-number" error={err.fields.idNumber}>
        <Input id="tax-id-number" value={idNumber} onChange={(e) => setIdNumber(e.target.value)} inputMode="text" maxLength={18} autoComplete="off" />
      </Field>
      <label className="flex items-start gap-2 text-xs text-slate-600">
        <input type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} className="mt-0.5" data-testid="tax-consent" />
        {t("consent")}
      </label>
      <FormError message={err.fields.consent ?? (Object.keys(err.fields).length ? null : err.message)} />
      <Button type="submit" variant="brand" className="w-full" disabled={!hydrated || save.isPending} data-testid="save-tax-profile">
        {t("saveTax")}
      </Button>
    </form>
  );
}

/** The amount (yuan), what the tax would be, and the request; the page reloads with the new balances and the request listed. */
export function WithdrawForm({
  shop,
  locale,
  withdrawableFen,
  minimumFen,
  methods,
}: {
  shop: string;
  locale: Locale;
  withdrawableFen: number;
  minimumFen: number;
  /** Where the money can go now, the first offered first (manual is always there). */
  methods: readonly ("manual" | "wechat" | "stripe")[];
}) {
  const t = useTranslations("income.withdraw");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const [amount, setAmount] = useState("");
  // One key per intended request: a double tap or a retry after a lost answer is the same request.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<string | null>(null);
  const [method, setMethod] = useState(methods[0] ?? "manual");
  const fen = yuanToFen(amount);
  const preview = useQuery(trpc.shop.withdrawals.preview.queryOptions({ shop, amountFen: fen ?? 1 }, { enabled: fen !== null && fen >= minimumFen && fen <= withdrawableFen }));
  const request = useMutation(
    trpc.shop.withdrawals.request.mutationOptions({
      onSuccess: (w) => {
        setDone(t("requested", { amount: formatFen(w.amountFen, locale) }));
        setAmount("");
        setKey(crypto.randomUUID());
        router.refresh();
      },
    }),
  );
  const err = errorInfo(request.error);
  return (
    <form
      className="space-y-2"
      data-testid="withdraw-form"
      onSubmit={(e) => {
        e.preventDefault();
        setDone(null);
        request.mutate({ shop, amountFen: fen ?? 0, idempotencyKey: key, method });
      }}
    >
      <p className="text-xs text-slate-500">
        {t("withdrawable", { amount: formatFen(withdrawableFen, locale) })} · {t("minimum", { amount: formatFen(minimumFen, locale) })}
      </p>
      <Field label={t("amount")} htmlFor="withdraw-amount" error={err.fields.amount ?? err.message}>
        <Input id="withdraw-amount" value={amount} onChange={(e) => setAmount(e.target.value)} inputMode="decimal" placeholder={(minimumFen / 100).toFixed(2)} />
      </Field>
      {methods.length > 1 ? (
        <fieldset className="space-y-1" data-testid="withdraw-methods">
          <legend className="text-xs text-slate-500">{t("method")}</legend>
          {methods.map((m) => (
            <label key={m} className="flex items-center gap-2 text-sm">
              <input type="radio" name="withdraw-method" value={m} checked={method === m} onChange={() => setMethod(m)} data-testid={`withdraw-method-${m}`} />
              {t(`methods.${m}`)}
            </label>
          ))}
          {err.fields.method ? <FormError message={err.fields.method} /> : null}
        </fieldset>
      ) : null}
      {preview.data && fen !== null ? (
        <p className="text-xs text-slate-600" data-testid="withdraw-preview" data-tax={preview.data.taxFen}>
          {t("preview", { tax: formatFen(preview.data.taxFen, locale), net: formatFen(preview.data.netFen, locale) })}
        </p>
      ) : null}
      <Button type="submit" variant="brand" className="w-full" disabled={!hydrated || request.isPending || withdrawableFen < minimumFen} data-testid="withdraw-submit">
        {request.isPending ? t("submitting") : t("submit")}
      </Button>
      {done ? <p role="status" className="text-sm text-emerald-700" data-testid="withdraw-done">{done}</p> : null}
    </form>
  );
}

/** Stripe payouts: connect (or finish) the distributor's own Express account on Stripe's pages; back here it is read again. */
export function StripePayee({ shop, base, accountId, ready, returning }: { shop: string; base: string; accountId: string | null; ready: boolean; returning: boolean }) {
  const t = useTranslations("income.withdraw");
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useHydrated();
  const connect = useMutation(trpc.shop.withdrawals.connectStripe.mutationOptions({ onSuccess: (r) => window.location.assign(r.url) }));
  const refresh = useMutation(trpc.shop.withdrawals.refreshStripe.mutationOptions({ onSuccess: () => router.replace(window.location.pathname) }));
  const ask = refresh.mutate;
  // Back from Stripe's pages: read the account once.
  useEffect(() => {
    if (returning && accountId) ask({ shop });
  }, [returning, accountId, shop, ask]);
  const error = errorInfo(connect.error ?? refresh.error).message;
  return (
    <div className="space-y-2 rounded-brand bg-slate-50 p-3" data-testid="stripe-payee">
      <h3 className="font-medium">{t("stripeTitle")}</h3>
      {ready ? (
        <p className="text-xs text-emerald-700" data-testid="stripe-ready">{t("stripeReady")}</p>
      ) : (
        <>
          <p className="text-xs text-slate-500">{accountId ? t("stripePending") : t("stripeIntro")}</p>
          <Button type="button" variant="outline" size="sm" disabled={!hydrated || connect.isPending} onClick={() => connect.mutate({ shop, base: `${window.location.origin}${base}` })} data-testid="stripe-connect">
            {accountId ? t("stripeContinue") : t("stripeConnect")}
          </Button>
        </>
      )}
      <FormError message={error} />
    </div>
  );
}
