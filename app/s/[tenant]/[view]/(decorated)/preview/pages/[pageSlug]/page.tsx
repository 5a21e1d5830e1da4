import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { LandingView, landingMetadata, type LandingParams } from "../../../views";
import { previewParam } from "../../../../design";

type Search = Promise<{ preview?: string | string[] }>;

/** A landing page behind a preview link (see ../../page.tsx): the drafts may hold pages the release has not. */
export const dynamic = "force-dynamic";

export async function generateMetadata({ params, searchParams }: { params: Promise<LandingParams>; searchParams: Search }): Promise<Metadata> {
  return landingMetadata(await params, previewParam(await searchParams));
}

export default async function PreviewLanding({ params, searchParams }: { params: Promise<LandingParams>; searchParams: Search }) {
  const token = previewParam(await searchParams);
  if (!token) notFound();
  return <LandingView route={await params} token={token} />;
}
