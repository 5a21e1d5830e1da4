import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { formatFen } from "@/packages/core/src/money";
import { tenantOrigin } from "@/packages/server/src/host";
import { isUuid } from "@/packages/core/src/errors";
import { cachedStorefrontProduct } from "@/packages/server/src/storefront-cache";
import { ProductBuy } from "@/components/storefront/product-buy";
import { ProductImage } from "@/components/storefront/product-image";
import { ShareEarn } from "@/components/storefront/share-earn";
import { storefrontPage, type StorefrontParams } from "../../tenant";

/**
 * The product page a share link lands on (…/p/{id}?ref=CODE): pictures, the
 * SKU picker with stock, add to cart or buy now; for a distributor, share
 * and earn.
 *
 * Rendered once per product and view and cached (ISR): it reads no cookie,
 * header or query, only the tenant and the product; the console's catalogue
 * and settings writes drop the tenant's renders when they commit
 * (packages/server/src/storefront-cache.ts), and a render is at most
 * `revalidate` seconds old otherwise. Stock, prices now, who is signed in,
 * the share code (?ref=) and "share and earn" are the browser's to ask for.
 */
export const revalidate = 300;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

/**
 * The share card a chat app shows for a pasted link: the product's name,
 * price and first picture, canonical on the shop's own host. From the same
 * cached product read as the page (no request data), so it is cached with it.
 */
export async function generateMetadata({ params }: { params: Promise<StorefrontParams & { id: string }> }): Promise<Metadata> {
  const route = await params;
  const { tenant, locale } = await storefrontPage(route);
  const product = isUuid(route.id) ? await cachedStorefrontProduct(tenant.id, route.id) : null;
  if (!product) return { robots: { index: false } };
  const origin = tenantOrigin({ slug: tenant.slug, customDomain: tenant.servedDomain });
  const url = `${origin}/p/${product.id}`;
  const prices = product.skus.map((s) => s.priceFen);
  const minFen = prices.length ? Math.min(...prices) : 0;
  const image = product.images[0] ? new URL(product.images[0], origin).toString() : undefined;
  const description = [formatFen(minFen, locale), product.subtitle].filter(Boolean).join(" · ");
  return {
    title: product.name,
    description,
    alternates: { canonical: url },
    openGraph: {
      type: "website",
      url,
      siteName: tenant.name,
      title: product.name,
      description,
      locale: locale === "en" ? "en_US" : "zh_CN",
      ...(image ? { images: [{ url: image, alt: product.name }] } : {}),
    },
    twitter: { card: image ? "summary_large_image" : "summary", title: product.name, description, ...(image ? { images: [image] } : {}) },
    other: {
      "product:price:amount": `${Math.floor(minFen / 100)}.${String(minFen % 100).padStart(2, "0")}`,
      "product:price:currency": "CNY",
    },
  };
}

export default async function ProductPage({ params }: { params: Promise<StorefrontParams & { id: string }> }) {
  const route = await params;
  const { tenant, base, shop } = await storefrontPage(route);
  const product = isUuid(route.id) ? await cachedStorefrontProduct(tenant.id, route.id) : null;
  // 404 in the shop's look with products to offer instead (not-found.tsx).
  if (!product) notFound();
  return (
    <article className="pb-16">
      <ProductImage images={product.images} className="text-8xl" alt={product.name} />
      {product.images.length > 1 ? (
        <div className="flex gap-2 overflow-x-auto px-3 pt-2">
          {product.images.slice(1).map((src) => (
            // eslint-disable-next-line @next/next/no-img-element
            <img key={src} src={src} alt="" className="h-16 w-16 shrink-0 rounded-brand object-cover" loading="lazy" />
          ))}
        </div>
      ) : null}
      <div className="space-y-1 px-4 pt-3">
        <h1 className="text-lg font-semibold leading-snug" data-testid="product-name">
          {product.name}
        </h1>
        {product.subtitle ? <p className="text-sm text-slate-500">{product.subtitle}</p> : null}
      </div>
      <div className="m-3 rounded-brand bg-white p-4 shadow-sm ring-1 ring-black/5">
        <ProductBuy shop={shop} base={base} productId={product.id} specs={product.specs} skus={product.skus} />
      </div>
      <ShareEarn shop={shop} base={base} productId={product.id} />
      {product.description ? <p className="whitespace-pre-line px-4 pb-6 text-sm leading-relaxed text-slate-700">{product.description}</p> : null}
    </article>
  );
}
