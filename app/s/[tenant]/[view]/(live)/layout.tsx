import { ClientMessages } from "@/components/storefront/client-messages";
import { Providers } from "@/components/trpc";
import { storefrontPage, type StorefrontParams } from "../tenant";

/**
 * The shopper's pages rendered for each request (search, cart, checkout,
 * orders, me, sign-in): their client components call the shop API (the tRPC
 * and query client) and get the storefront's messages. The decorated pages
 * ((decorated)/: home, category, landing pages, a distributor's shop) and the
 * product page sit beside this group with less JavaScript.
 */
export default async function LiveStorefrontLayout({ children, params }: { children: React.ReactNode; params: Promise<StorefrontParams> }) {
  const { locale } = await storefrontPage(await params);
  return (
    <Providers>
      <ClientMessages locale={locale} namespaces={["errors", "storefront", "shop", "myDistribution", "personalShop", "income"]}>
        {children}
      </ClientMessages>
    </Providers>
  );
}
