import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { CategoryView, categoryMetadata } from "../../views";
import { previewParam } from "../../../design";
import type { StorefrontParams } from "../../../tenant";

type Search = Promise<{ preview?: string | string[] }>;

/** 分类 behind a preview link (see ../page.tsx). */
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<StorefrontParams> }): Promise<Metadata> {
  return categoryMetadata(await params);
}

export default async function PreviewCategory({ params, searchParams }: { params: Promise<StorefrontParams>; searchParams: Search }) {
  const token = previewParam(await searchParams);
  if (!token) notFound();
  return <CategoryView route={await params} token={token} />;
}
