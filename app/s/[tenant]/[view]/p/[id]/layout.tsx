import { ClientMessages } from "@/components/storefront/client-messages";
import { Providers } from "@/components/trpc";
import { storefrontPage, type StorefrontParams } from "../../tenant";

/**
 * The product page's client parts (the SKU picker, share and earn, and
 * not-found.tsx's similar products) call the shop API and translate `shop`,
 * `myDistribution` and `storefront`. Reads no request data, so the page stays
 * a cached render.
 */
export default async function ProductLayout({ children, params }: { children: React.ReactNode; params: Promise<StorefrontParams> }) {
  const { locale } = await storefrontPage(await params);
  return (
    <Providers>
      <ClientMessages locale={locale} namespaces={["shop", "myDistribution", "storefront"]}>
        {children}
      </ClientMessages>
    </Providers>
  );
}
