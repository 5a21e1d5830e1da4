import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { PageView } from "@/components/storefront/blocks";
import { DesignFrame } from "@/components/storefront/design-frame";
import { decoratedPage } from "../../../design";
import type { StorefrontParams } from "../../../tenant";

export const dynamic = "force-dynamic";

type Params = StorefrontParams & { pageSlug: string };
type Search = { preview?: string | string[] };

/** A slug no landing page can have answers 404 without a read. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;

export async function generateMetadata({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }): Promise<Metadata> {
  const [route, sp] = await Promise.all([params, searchParams]);
  if (!SLUG.test(route.pageSlug)) return {};
  const { design } = await decoratedPage(route, sp, "landing", route.pageSlug);
  return design.doc?.title ? { title: design.doc.title } : {};
}

/** A landing page of the release (/pages/{slug}); one the release does not have is a 404 inside the shop. */
export default async function LandingPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  const [route, sp] = await Promise.all([params, searchParams]);
  if (!SLUG.test(route.pageSlug)) notFound();
  const { design, ctx } = await decoratedPage(route, sp, "landing", route.pageSlug);
  if (!design.doc) notFound();
  return (
    <DesignFrame design={design}>
      {design.doc.title ? <h1 className="px-3 pb-1 pt-3 text-lg font-semibold">{design.doc.title}</h1> : null}
      <div className="pb-4">
        <PageView doc={design.doc} data={design.data} ctx={ctx} />
      </div>
    </DesignFrame>
  );
}
