import { NextResponse, type NextRequest, type NextFetchEvent } from "next/server";
import { clerkMiddleware } from "@clerk/nextjs/server";
import { LOCALE_COOKIE, toLocale } from "./packages/i18n/src/locales";
import { mayBeRenamedShop, previewRewrite, slugRedirect, storefrontRewrite } from "./packages/server/src/host";
import { slugRedirects } from "./packages/server/src/slug-redirects";
import { DECORATED_PAGE_SECONDS, keptAnswer, pageReadKey, PAGE_READ_PATH } from "./packages/server/src/live-pages";

/**
 * Host-based routing: `{slug}.<platform domain>` and custom domains serve the
 * tenant's storefront, /s/{key}/… on the platform's hosts too; both are
 * rewritten to /s/{key}/{view}/…, the view being the shopper's language and
 * the kind of host (packages/server/src/host.ts), so a storefront page needs
 * no cookie or header to render and can be cached. Everything else is the
 * platform. A renamed shop's old slug answers a 308 to the new one, path and
 * query kept (slugRedirect; the map is cached in memory). With Clerk keys
 * set, Clerk's middleware runs first.
 */
async function route(req: NextRequest) {
  // The mini-program's page read, answered as kept (live-pages.ts) before any routing; not kept: the tRPC route.
  if (req.method === "GET" && req.nextUrl.pathname === PAGE_READ_PATH) {
    const key = pageReadKey(req.nextUrl, req.headers);
    const kept = key ? keptAnswer(key, DECORATED_PAGE_SECONDS * 1000) : null;
    if (kept !== null) return new NextResponse(kept, { status: 200, headers: { "content-type": "application/json", vary: "authorization" } });
  }
  const host = req.headers.get("host");
  if (mayBeRenamedShop(host, req.nextUrl.pathname)) {
    const moved = slugRedirect(host, new URL(req.nextUrl.href), await slugRedirects().catch(() => new Map<string, string>()));
    if (moved) return NextResponse.redirect(moved, 308);
  }
  const target = storefrontRewrite(host, req.nextUrl.pathname, toLocale(req.cookies.get(LOCALE_COOKIE)?.value));
  if (!target) return NextResponse.next();
  // The rewrite keeps the address the server was reached on (req.url as the server built it, not normalized:
  // skipProxyUrlNormalize in next.config.ts). req.nextUrl says "localhost" for 127.0.0.1, and a rewrite to an
  // origin other than the server's own is proxied over HTTP: to ::1 behind `next start -H 127.0.0.1`, where
  // nothing listens (every storefront page a 500). Same origin: Next serves the rewritten route in-process.
  const url = new URL(req.url);
  // ?preview= shows a decorated page's drafts: the uncached preview route, not the release's cached render.
  url.pathname = req.nextUrl.searchParams.has("preview") ? previewRewrite(target) : target;
  return NextResponse.rewrite(url);
}

const clerk = process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && process.env.CLERK_SECRET_KEY ? clerkMiddleware((_auth, req) => route(req)) : null;

export default function proxy(req: NextRequest, ev: NextFetchEvent) {
  return clerk ? clerk(req, ev) : route(req);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|woff2?)$).*)"],
};
