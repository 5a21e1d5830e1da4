import { getLocale } from "next-intl/server";
import { RootDocument, rootMetadata, rootViewport } from "@/components/root-document";

export const metadata = rootMetadata;
export const viewport = rootViewport;

/** The platform's pages (marketing, sign-in, console, agency, platform admin): language from the cookie. */
export default async function PlatformLayout({ children }: { children: React.ReactNode }) {
  return <RootDocument locale={await getLocale()}>{children}</RootDocument>;
}
