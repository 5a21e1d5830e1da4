import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { CartLines } from "@/components/storefront/cart-lines";
import { EmptyState } from "@/components/ui/card";
import { shopperPage, type StorefrontParams } from "../../tenant";

export default async function CartPage({ params }: { params: Promise<StorefrontParams> }) {
  const route = await params;
  const { shop, base, api } = await shopperPage(route, "/cart");
  const t = await getTranslations("shop");
  const lines = await api.shop.cart({ shop });
  return (
    <div className="space-y-3 p-3 pb-32">
      <h1 className="text-lg font-semibold">{(await getTranslations("storefront"))("cart")}</h1>
      {lines.length === 0 ? (
        <EmptyState title={t("cartEmpty")}>
          <Link href={base || "/"} className="text-brand underline">
            {t("goShopping")}
          </Link>
        </EmptyState>
      ) : (
        <CartLines shop={shop} base={base} lines={lines} />
      )}
    </div>
  );
}
