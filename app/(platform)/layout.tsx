import { getLocale } from "next-intl/server";
import { ClerkProvider } from "@clerk/nextjs";
import { RootDocument, rootMetadata, rootViewport } from "@/components/root-document";
import { clerkEnabled } from "@/packages/auth/src/config";

export const metadata = rootMetadata;
export const viewport = rootViewport;

/** The platform's pages (marketing, sign-in, console, agency, platform admin): language from the cookie; Clerk when configured. */
export default async function PlatformLayout({ children }: { children: React.ReactNode }) {
  return (
    <RootDocument locale={await getLocale()} auth={clerkEnabled() ? ClerkProvider : null}>
      {children}
    </RootDocument>
  );
}
