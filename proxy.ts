import { NextResponse, type NextRequest, type NextFetchEvent } from "next/server";
import { clerkMiddleware } from "@clerk/nextjs/server";
import { storefrontRewrite } from "./packages/server/src/host";

/**
 * Host-based routing: `{slug}.<platform domain>` and custom domains serve the
 * tenant's storefront (rewritten to /s/{key}/…); everything else is the
 * platform. With Clerk keys set, Clerk's middleware runs first.
 */
function route(req: NextRequest) {
  const target = storefrontRewrite(req.headers.get("host"), req.nextUrl.pathname);
  // These headers are ours alone: whatever a client sent is dropped.
  const headers = new Headers(req.headers);
  headers.delete("x-storefront-host");
  headers.delete("x-fx-surface");
  // Storefront pages ship only the storefront's messages to the browser (app/layout.tsx).
  if ((target ?? req.nextUrl.pathname).startsWith("/s/")) headers.set("x-fx-surface", "storefront");
  if (!target) return NextResponse.next({ request: { headers } });
  const url = req.nextUrl.clone();
  url.pathname = target;
  headers.set("x-storefront-host", "1");
  return NextResponse.rewrite(url, { request: { headers } });
}

const clerk = process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && process.env.CLERK_SECRET_KEY ? clerkMiddleware((_auth, req) => route(req)) : null;

export default function proxy(req: NextRequest, ev: NextFetchEvent) {
  return clerk ? clerk(req, ev) : route(req);
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|woff2?)$).*)"],
};
