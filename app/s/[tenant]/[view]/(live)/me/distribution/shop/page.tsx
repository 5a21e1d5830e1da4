import Link from "next/link";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ChevronLeft } from "lucide-react";
import QRCode from "qrcode";
import { withTenant } from "@/packages/db/src/context";
import { searchProducts } from "@/packages/db/src/queries/catalog";
import { EMPTY_SHOP, type PersonalShop } from "@/packages/decoration/src/personal-shop";
import { getDb } from "@/packages/server/src/db";
import { CopyField } from "@/components/storefront/distribution";
import { ShopEditor, ShopHeaderPreview } from "@/components/storefront/personal-shop";
import { shopperPage, type StorefrontParams } from "../../../../tenant";

/** The products a distributor picks from: the shop's on-sale catalogue, searched in the browser (a shop's range is a few hundred at most). */
const PICKABLE = 300;

/**
 * 分销中心 → 我的小店 (PRODUCT.md §6.3): the personal shop's link and QR
 * code, where its last submission stands, and an editor showing only what
 * the distributor's level allows (none at all for a level without rights).
 */
export default async function MyShopPage({ params }: { params: Promise<StorefrontParams> }) {
  const { tenant, shop, base, api, user } = await shopperPage(await params, "/me/distribution/shop");
  const t = await getTranslations("personalShop");
  const locale = await getLocale();
  // Only an active distributor has a shop; anyone else goes back to the distribution centre.
  const mine = await api.shop.distribution.myShop({ shop }).catch(() => null);
  if (!mine) redirect(`${base}/me/distribution`);

  const h = await headers();
  const origin = `${h.get("x-forwarded-proto") ?? "http"}://${h.get("host") ?? "localhost:3000"}`;
  const link = `${origin}${base}/d/${encodeURIComponent(mine.code)}`;
  const qr = await QRCode.toString(link, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  const products = mine.canDecorate && mine.rights.maxProducts > 0 ? await withTenant(await getDb(), tenant.id, (tx) => searchProducts(tx, tenant.id, { limit: PICKABLE, offset: 0 })) : [];
  const pickable = products.map((p) => ({ id: p.id, name: p.name, image: p.images[0] ?? null, minPriceFen: p.minPriceFen }));
  const lang = locale === "en" ? "en" : "zh-CN";
  const last = mine.last;
  // The editor starts from what was last submitted when it still waits or was turned down (to fix it), else from what is live.
  const draft: PersonalShop = last && (last.status === "pending" || last.status === "rejected") ? { ...EMPTY_SHOP, ...(last.content as Partial<PersonalShop>) } : mine.live;
  const status = mine.suspended ? "suspended" : last?.status === "pending" ? "pending" : last?.status === "rejected" ? "rejected" : "live";

  return (
    <div className="space-y-3 p-3" data-testid="my-shop-page" data-can-decorate={mine.canDecorate}>
      <Link href={`${base}/me/distribution`} className="inline-flex items-center gap-1 text-xs text-slate-500">
        <ChevronLeft className="h-3.5 w-3.5" aria-hidden />
        {t("back")}
      </Link>
      <h1 className="text-lg font-semibold">{t("title")}</h1>

      <section className="space-y-3 rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5">
        <CopyField value={link} testId="shop-link" label={t("shareLink")} />
        <figure className="flex flex-col items-center gap-1">
          <div className="h-40 w-40" role="img" aria-label={t("qr")} data-testid="shop-qr" data-payload={link} dangerouslySetInnerHTML={{ __html: qr }} />
          <figcaption className="text-xs text-slate-500">{t("qrHint")}</figcaption>
        </figure>
      </section>

      {mine.canDecorate || mine.suspended ? (
        <section
          role="status"
          className={
            status === "live" ? "rounded-brand bg-emerald-50 p-3 text-sm text-emerald-900" : status === "pending" ? "rounded-brand bg-amber-50 p-3 text-sm text-amber-900" : "rounded-brand bg-red-50 p-3 text-sm text-red-900"
          }
          data-testid="shop-status"
          data-status={status}
        >
          <p className="font-medium">{t(`status.${status}`)}</p>
          {status === "live" ? <p className="text-xs">{t("liveHint")}</p> : null}
          {status === "pending" ? (
            <>
              <p className="text-xs">{t("pendingHint")}</p>
              {last!.flagged.length ? <p className="text-xs" data-testid="shop-flagged">{t("flagged", { words: last!.flagged.join("、") })}</p> : <p className="text-xs">{t("pendingPicture")}</p>}
            </>
          ) : null}
          {status === "rejected" ? (
            <>
              <p className="text-xs" data-testid="shop-reason">{t("rejectedReason", { reason: last!.reason })}</p>
              <p className="text-xs">{t("rejectedHint")}</p>
            </>
          ) : null}
          {status === "suspended" ? <p className="text-xs">{t("suspended", { n: mine.rejections })}</p> : null}
        </section>
      ) : null}

      {mine.canDecorate && !mine.suspended ? (
        <ShopEditor shop={shop} name={user.name} storeName={tenant.name} rights={mine.rights} initial={draft} products={pickable} />
      ) : (
        <section className="space-y-3 rounded-brand bg-white p-4 text-sm shadow-sm ring-1 ring-black/5" data-testid="shop-locked">
          {mine.canDecorate ? null : (
            <p className="font-medium text-brand" data-testid="shop-unlocks-at" data-level={mine.unlocksAt?.level ?? ""}>
              {mine.unlocksAt ? t("locked", { level: mine.unlocksAt.name[lang] }) : t("lockedNone")}
            </p>
          )}
          <p className="text-xs text-slate-500">{t("standard")}</p>
          <ShopHeaderPreview name={user.name} storeName={tenant.name} shop={mine.live} productCount={mine.live.productIds.length} />
        </section>
      )}
    </div>
  );
}
