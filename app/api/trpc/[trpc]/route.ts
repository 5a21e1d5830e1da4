import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/packages/api/src/root";
import { createContext } from "@/packages/server/src/api";
import { keepAnswer, keptAnswer, pageReadKey } from "@/packages/server/src/live-pages";
import { DECORATED_PAGE_SECONDS } from "@/packages/server/src/storefront-cache";

export const dynamic = "force-dynamic";

const handler = (req: Request) =>
  fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext() });

/**
 * GET: the mini-program's page read (packages/server/src/live-pages.ts) is
 * answered as kept when it is (proxy.ts answers most of them before they get
 * here); any other call, and a read not kept yet, goes through tRPC (which
 * validates the input), and a page read's successful answer is kept beside its read.
 */
async function get(req: Request) {
  const key = pageReadKey(new URL(req.url), req.headers);
  if (!key) return handler(req);
  const kept = keptAnswer(key, DECORATED_PAGE_SECONDS * 1000);
  if (kept !== null) return new Response(kept, { status: 200, headers: { "content-type": "application/json", vary: "authorization" } });
  const res = await handler(req);
  if (res.status !== 200) return res;
  const body = await res.text();
  keepAnswer(key, body);
  return new Response(body, { status: 200, headers: res.headers });
}

export { get as GET, handler as POST };
