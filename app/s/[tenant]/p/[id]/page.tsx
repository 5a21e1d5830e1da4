import { notFound } from "next/navigation";
import { isUuid } from "@/packages/core/src/errors";
import { withTenant } from "@/packages/db/src/context";
import { storefrontProduct } from "@/packages/db/src/queries/catalog";
import { getDb } from "@/packages/server/src/db";
import { getCurrentUser } from "@/packages/server/src/auth";
import { ProductBuy } from "@/components/storefront/product-buy";
import { ProductImage } from "@/components/storefront/product-image";
import { ShareEarn } from "@/components/storefront/share-earn";
import { storefrontPage } from "../../tenant";

/**
 * The product page a share link lands on (…/p/{id}?ref=CODE): pictures, the
 * SKU picker with stock, add to cart or buy now; for a distributor, share
 * and earn (asked for by the browser after hydration: nothing here waits).
 */
export default async function ProductPage({ params, searchParams }: { params: Promise<{ tenant: string; id: string }>; searchParams: Promise<{ ref?: string }> }) {
  const [{ tenant: key, id }, { ref }] = await Promise.all([params, searchParams]);
  const { tenant, base, shop } = await storefrontPage(key);
  if (!isUuid(id)) notFound();
  const [product, user] = await Promise.all([withTenant(await getDb(), tenant.id, (tx) => storefrontProduct(tx, tenant.id, id)), getCurrentUser()]);
  if (!product) notFound();
  return (
    <article className="pb-16">
      <ProductImage images={product.images} emoji={product.emoji} className="text-8xl" alt={product.name} />
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
        <ProductBuy
          shop={shop}
          base={base}
          specs={product.specs}
          skus={product.skus}
          refCode={ref?.slice(0, 32) ?? null}
          signedIn={!!user}
        />
      </div>
      <ShareEarn shop={shop} base={base} productId={product.id} signedIn={!!user} />
      {product.description ? <p className="whitespace-pre-line px-4 pb-6 text-sm leading-relaxed text-slate-700">{product.description}</p> : null}
    </article>
  );
}
