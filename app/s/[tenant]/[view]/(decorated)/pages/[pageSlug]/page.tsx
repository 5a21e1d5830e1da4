import type { Metadata } from "next";
import { LandingView, landingMetadata, type LandingParams } from "../../views";

/**
 * A landing page of the live release, rendered per request over the cached
 * release read (../../design.ts), not a cached render like the home: a slug
 * the release lacks answers the shop's own 404 page (./not-found.tsx), and a
 * not-found page gets no params to learn its language from but the request.
 * ?preview= is served by ../../preview/pages.
 */
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<LandingParams> }): Promise<Metadata> {
  return landingMetadata(await params);
}

export default async function LandingPage({ params }: { params: Promise<LandingParams> }) {
  return <LandingView route={await params} />;
}
