import type { Metadata } from "next";
import { CategoryView, categoryMetadata } from "../views";
import type { StorefrontParams } from "../../tenant";

/** 分类, a cached render of the live release like the home page (../page.tsx); ?preview= is served by ../preview/category. */
export const revalidate = 60;
export const dynamicParams = true;
export function generateStaticParams() {
  return [];
}

export async function generateMetadata({ params }: { params: Promise<StorefrontParams> }): Promise<Metadata> {
  return categoryMetadata(await params);
}

export default async function CategoryPage({ params }: { params: Promise<StorefrontParams> }) {
  return <CategoryView route={await params} />;
}
