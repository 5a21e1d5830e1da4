"use client";

import dynamic from "next/dynamic";

/**
 * Clerk's provider for the storefront, loaded as its own chunk only when a
 * page renders it (Clerk configured). A static import would put Clerk's
 * ~50 KB (gzip) into every shop page's JavaScript, Clerk or not
 * (`npm run bench storefront-js`). The client build of @clerk/nextjs's
 * ClerkProvider runs in the App Router as the server one does without its
 * `dynamic` and keyless options, which the storefront does not use.
 */
const ClerkProvider = dynamic(() => import("@clerk/nextjs").then((m) => m.ClerkProvider));

export function LazyClerkProvider({ children }: { children: React.ReactNode }) {
  return <ClerkProvider>{children}</ClerkProvider>;
}
