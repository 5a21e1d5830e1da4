import { NextResponse, type NextRequest, type NextFetchEvent } from "next/server";
import { clerkMiddleware } from "@clerk/nextjs/server";
import { LOCALE_COOKIE, toLocale } from "./packages/i18n/src/locales";
import { storefrontRewrite } from "./packages/server/src/host";

/**
 * Host-based routing: `{slug}.<platform domain>` and custom domains serve the
 * tenant's storefront, /s/{key}/… on the platform's hosts too; both are
 * rewritten to /s/{key}/{view}/…, the view being the shopper's language and
 * the kind of host (packages/server/src/host.ts), so a storefront page needs
 * no cookie or header to render and can be cached. Everything else is the
 * platform. With Clerk keys set, Clerk's middleware runs first.
 */
function route(req: NextRequest) {
  const target = storefrontRewrite(req.headers.get("host"), req.nextUrl.pathname, toLocale(req.cookies.get(LOCALE_COOKIE)?.value));
  if (!target) return NextResponse.next();
  const url = req.nextUrl.clone();
  url.pathname = target;
  return NextResponse.rewrite(url);
}

const clerk = process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && process.env.CLERK_SECRET_KEY ? clerkMiddleware((_auth, req) => route(req)) : null;

export default function proxy(req: NextRequest, ev: NextFetchEvent) {
  return clerk ? clerk(req, ev) : route(req);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|woff2?)$).*)"],
};
