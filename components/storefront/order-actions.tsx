"use client";

import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ImagePlus, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";
import { errorInfo, useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useValidatedMutation } from "@/components/use-validated-mutation";
import { returnRequestInput } from "@/packages/orders/src/schemas";
import { yuanToFen } from "@/packages/core/src/yuan";

type Props = { shop: string; base: string; orderId: string; status: string; canReturn: boolean; refundableLabel: string; refundableFen: number; returnDays: number };

/** What the shopper can do with an order now: pay, cancel, confirm receipt, ask for a return. */
export function OrderActions({ shop, base, orderId, status, canReturn, refundableLabel, refundableFen, returnDays }: Props) {
  const t = useTranslations("shop");
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const router = useRouter();
  const [returning, setReturning] = useState(false);
  const refresh = { onSuccess: () => router.refresh() };
  const pay = useMutation(trpc.shop.pay.mutationOptions({ onSuccess: (r) => window.location.assign(r.url) }));
  const cancel = useMutation(trpc.shop.cancel.mutationOptions(refresh));
  const confirm = useMutation(trpc.shop.confirmReceipt.mutationOptions(refresh));
  const error = errorInfo(pay.error ?? cancel.error ?? confirm.error).message;
  return (
    <div className="space-y-3">
      <FormError message={error} />
      <div className="flex flex-wrap justify-end gap-2">
        {status === "created" ? (
          <>
            <Button variant="outline" onClick={() => cancel.mutate({ shop, orderId })} disabled={!hydrated || cancel.isPending} data-testid="order-cancel">
              {t("cancel")}
            </Button>
            <Button variant="brand" onClick={() => pay.mutate({ shop, orderId, base: `${window.location.origin}${base}` })} disabled={!hydrated || pay.isPending} data-testid="order-pay">
              {t("pay")}
            </Button>
          </>
        ) : null}
        {canReturn && !returning ? (
          <Button variant="outline" disabled={!hydrated} onClick={() => setReturning(true)} data-testid="order-return">
            {t("requestReturn")}
          </Button>
        ) : null}
        {status === "shipped" ? (
          <Button variant="brand" onClick={() => confirm.mutate({ shop, orderId })} disabled={!hydrated || confirm.isPending} data-testid="order-confirm">
            {t("confirmReceipt")}
          </Button>
        ) : null}
      </div>
      {returning ? (
        <ReturnForm shop={shop} orderId={orderId} refundableLabel={refundableLabel} refundableFen={refundableFen} returnDays={returnDays} onDone={() => { setReturning(false); router.refresh(); }} />
      ) : null}
    </div>
  );
}

function ReturnForm({ shop, orderId, refundableLabel, refundableFen, returnDays, onDone }: { shop: string; orderId: string; refundableLabel: string; refundableFen: number; returnDays: number; onDone: () => void }) {
  const t = useTranslations("shop");
  const te = useTranslations("errors");
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const [amount, setAmount] = useState("");
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const mutation = useMutation(trpc.shop.requestReturn.mutationOptions({ onSuccess: onDone }));
  const { fields, formError, submit, pending } = useValidatedMutation(returnRequestInput, mutation);

  async function upload(files: FileList | null) {
    if (!files?.length) return;
    setUploading(true);
    setUploadError(null);
    for (const f of Array.from(files).slice(0, 6 - photos.length)) {
      const body = new FormData();
      body.set("file", f);
      const res = await fetch(`/api/shop/${encodeURIComponent(shop)}/photos`, { method: "POST", body });
      const json = (await res.json().catch(() => ({}))) as { url?: string; message?: string };
      if (json.url) setPhotos((p) => [...p, json.url!]);
      else setUploadError(json.message ?? te("generic"));
    }
    setUploading(false);
  }

  return (
    <form
      className="space-y-3 rounded-brand bg-white p-4 shadow-sm ring-1 ring-black/5"
      data-testid="return-form"
      onSubmit={(e) => {
        e.preventDefault();
        const fen = amount.trim() ? yuanToFen(amount) : null;
        void submit({ shop, orderId, reason, photos, amountFen: amount.trim() ? (fen ?? -1) : null });
      }}
    >
      <p className="text-xs text-slate-500">{t("returnHint", { days: returnDays })}</p>
      <Field label={t("returnReason")} htmlFor="return-reason" error={fields.reason}>
        <Input id="return-reason" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} aria-invalid={!!fields.reason} />
      </Field>
      <Field label={t("returnAmount", { max: refundableLabel })} htmlFor="return-amount" error={fields.amountFen}>
        <Input id="return-amount" inputMode="decimal" value={amount} placeholder={(refundableFen / 100).toFixed(2)} onChange={(e) => setAmount(e.target.value)} />
      </Field>
      <div className="space-y-1.5">
        <p className="text-sm font-medium text-slate-700">{t("returnPhotos")}</p>
        <div className="flex flex-wrap gap-2">
          {photos.map((src) => (
            <span key={src} className="relative">
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={src} alt="" className="h-16 w-16 rounded-md object-cover ring-1 ring-black/10" />
              <button type="button" aria-label={t("remove")} className="absolute -right-1 -top-1 rounded-full bg-black/60 p-0.5 text-white" onClick={() => setPhotos((p) => p.filter((x) => x !== src))}>
                <X className="h-3 w-3" />
              </button>
            </span>
          ))}
          {photos.length < 6 ? (
            <label className="flex h-16 w-16 cursor-pointer flex-col items-center justify-center rounded-md border border-dashed border-black/20 text-[10px] text-slate-500">
              <ImagePlus className="h-5 w-5" aria-hidden />
              {uploading ? t("uploading") : t("addPhoto")}
              <input type="file" accept="image/png,image/jpeg,image/webp,image/gif" multiple className="sr-only" data-testid="return-photo" onChange={(e) => void upload(e.target.files)} />
            </label>
          ) : null}
        </div>
        {uploadError ? <p role="alert" className="text-xs text-red-600">{uploadError}</p> : null}
      </div>
      <FormError message={formError} />
      <Button variant="brand" type="submit" className="w-full" disabled={pending || uploading} data-testid="return-submit">
        {t("submitReturn")}
      </Button>
    </form>
  );
}
