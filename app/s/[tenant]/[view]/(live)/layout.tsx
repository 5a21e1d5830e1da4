import { ClientMessages } from "@/components/storefront/client-messages";
import { storefrontPage, type StorefrontParams } from "../tenant";

/**
 * The storefront's pages rendered for each request (home, search, cart,
 * checkout, orders, me): their client components get the storefront's
 * messages. The product page, a cached render, sits beside this group.
 */
export default async function LiveStorefrontLayout({ children, params }: { children: React.ReactNode; params: Promise<StorefrontParams> }) {
  const { locale } = await storefrontPage(await params);
  return (
    <ClientMessages locale={locale} namespaces={["errors", "storefront", "shop", "myDistribution", "personalShop"]}>
      {children}
    </ClientMessages>
  );
}
