import { HomeView } from "./views";
import type { StorefrontParams } from "../tenant";

/**
 * The shop's home: a cached render of the live release (ISR), dropped when
 * the merchant publishes, rolls back or edits the catalogue or settings
 * (storefront-cache.ts), else at most DECORATED_PAGE_SECONDS old. It reads
 * no cookie, header or query; ?preview= is served by ./preview.
 */
export const revalidate = 60;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

export default async function StorefrontHome({ params }: { params: Promise<StorefrontParams> }) {
  return <HomeView route={await params} />;
}
