"use client";

import { useQuery } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { Share2, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyField } from "@/components/storefront/distribution";
import { useTRPC } from "@/components/trpc";
import { useHydrated } from "@/components/use-hydrated";
import { useProductLive } from "@/components/storefront/product-buy";
import { formatFen } from "@/packages/core/src/money";

/**
 * "分享赚 ¥N" on the product page for a signed-in active distributor. Asked
 * for by the browser (the page is a cached render, the same for everyone);
 * the QR encoder is loaded when the share sheet opens.
 */
export function ShareEarn({ shop, base, productId }: { shop: string; base: string; productId: string }) {
  const t = useTranslations("myDistribution");
  const locale = useLocale();
  const trpc = useTRPC();
  const hydrated = useHydrated();
  // Who is signed in comes with the live stock (the page is a cached render for everyone).
  const signedIn = useProductLive(shop, productId).data?.signedIn === true;
  const earn = useQuery({ ...trpc.shop.distribution.earn.queryOptions({ shop, productId }), enabled: signedIn && hydrated, staleTime: 60_000, retry: false });
  const [open, setOpen] = useState(false);
  const [qr, setQr] = useState<string | null>(null);
  const e = earn.data;
  if (!e) return null;
  const amount = formatFen(e.amountFen, locale);
  const link = `${window.location.origin}${base}/p/${productId}?ref=${encodeURIComponent(e.code)}`;

  async function show() {
    setOpen(true);
    if (qr) return;
    const QRCode = (await import("qrcode")).default;
    setQr(await QRCode.toDataURL(link, { margin: 1, width: 176, errorCorrectionLevel: "M" }));
  }

  return (
    <div className="m-3" data-testid="share-earn" data-amount={e.amountFen} data-code={e.code}>
      {open ? (
        <div role="dialog" aria-labelledby="share-title" className="space-y-3 rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5" data-testid="share-sheet">
          <div className="flex items-center justify-between">
            <p id="share-title" className="font-medium">{t("shareTitle")}</p>
            <button type="button" aria-label={t("close")} className="p-1 text-slate-400" onClick={() => setOpen(false)}>
              <X className="h-4 w-4" />
            </button>
          </div>
          <p className="text-xs text-slate-500">{t("shareHint", { amount })}</p>
          <CopyField value={link} testId="share-link" />
          {qr ? (
            <figure className="flex flex-col items-center gap-1">
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={qr} alt={t("qr")} width={176} height={176} data-testid="share-qr" data-payload={link} />
              <figcaption className="text-xs text-slate-500">{t("qrHint", { code: e.code })}</figcaption>
            </figure>
          ) : null}
        </div>
      ) : (
        <Button variant="brand" className="w-full" disabled={!hydrated} onClick={() => void show()} data-testid="share-earn-button">
          <Share2 className="h-4 w-4" aria-hidden />
          {t("shareEarn", { amount })}
        </Button>
      )}
    </div>
  );
}
