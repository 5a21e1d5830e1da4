import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/packages/api/src/root";
import { createContext } from "@/packages/server/src/api";
import { keepAnswer, pageReadKey } from "@/packages/server/src/live-pages";

export const dynamic = "force-dynamic";

const handler = (req: Request) =>
  fetchRequestHandler({ endpoint: "/api/trpc", req, router: appRouter, createContext: () => createContext() });

/**
 * GET goes through tRPC (which validates the input); a mini-program page
 * read's successful answer is kept beside its read (packages/server/src/live-pages.ts),
 * and proxy.ts answers the next ones from it before they reach this route.
 */
async function get(req: Request) {
  const key = pageReadKey(new URL(req.url), req.headers);
  if (!key) return handler(req);
  const res = await handler(req);
  if (res.status !== 200) return res;
  const body = await res.text();
  keepAnswer(key, body);
  return new Response(body, { status: 200, headers: res.headers });
}

export { get as GET, handler as POST };
