import { notFound } from "next/navigation";
import { HomeView } from "../views";
import { previewParam } from "../../design";
import type { StorefrontParams } from "../../tenant";

type Search = Promise<{ preview?: string | string[] }>;

/**
 * The home behind a preview link (PRODUCT.md §6.4): proxy.ts sends
 * /s/{slug}?preview=TOKEN here. Rendered per request, never cached: a valid
 * token shows the drafts in their theme, an invalid one the live page with a
 * notice; no token, no page.
 */
export const dynamic = "force-dynamic";

export default async function PreviewHome({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Search }) {
  const token = previewParam(await searchParams);
  if (!token) notFound();
  return <HomeView route={await params} token={token} />;
}
