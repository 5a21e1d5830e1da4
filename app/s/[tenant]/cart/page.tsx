import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { withTenant } from "@/packages/db/src/context";
import { cartView } from "@/packages/db/src/queries/cart";
import { getDb } from "@/packages/server/src/db";
import { CartLines } from "@/components/storefront/cart-lines";
import { EmptyState } from "@/components/ui/card";
import { requireShopper, storefrontBase, storefrontTenant } from "../tenant";

export default async function CartPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: key } = await params;
  const tenant = await storefrontTenant(key);
  if (!tenant) notFound();
  const base = await storefrontBase(tenant.slug);
  const user = await requireShopper(`${base}/cart`);
  const t = await getTranslations("shop");
  const lines = await withTenant(await getDb(), tenant.id, (tx) => cartView(tx, tenant.id, user.id), user.id);
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
        <CartLines shop={decodeURIComponent(key)} base={base} lines={lines} />
      )}
    </div>
  );
}
