/**
 * The mini-program's reads of the live release (shop.catalog.page: a page's
 * document, its block data and the theme), kept in this process's memory as
 * the H5 storefront keeps its decorated renders (storefront-cache.ts): dropped
 * by every storefront write of the shop (invalidateStorefront), otherwise at
 * most DECORATED_PAGE_SECONDS old (stock, best sellers, a countdown's end).
 * An address no shop answers is not kept. Shared through globalThis, since
 * Next loads this module once per route bundle and the write that drops an
 * entry may run in another bundle than the read that made it.
 */
/** How long a decorated page (H5 render or mini-program read) is kept without a write of its shop (storefront-cache.ts). */
export const DECORATED_PAGE_SECONDS = 60;

export type LivePageCache = <T>(key: string, read: () => Promise<{ tenantId: string; value: T } | null>) => Promise<T | null>;

type Entry = { at: number; tenantId: string | null; value: Promise<unknown>; body?: string };

/** The cache key of a page read: the shop key as asked (slug or host, any case), the page kind and slug. */
export const livePageKey = (shop: string, kind: string, slug: string | undefined) => `${shop.toLowerCase()}|${kind}|${slug ?? ""}`;

const MAX_ENTRIES = 5_000;
const store = ((globalThis as { __fxLivePages?: Map<string, Entry> }).__fxLivePages ??= new Map<string, Entry>());

/**
 * The HTTP answer of a page read (its tRPC JSON), served again while the read it came from is kept: the route
 * skips tRPC's decoding, context and encoding for the mini-program's most frequent call. Null: ask tRPC.
 */
export function keptAnswer(key: string, ttlMs: number, now: () => number = Date.now): string | null {
  const e = store.get(key);
  return e && e.body !== undefined && e.tenantId !== null && now() - e.at < ttlMs ? e.body : null;
}

/** Keeps tRPC's answer beside the read it encodes (only a read that found its shop is kept). */
export function keepAnswer(key: string, body: string) {
  const e = store.get(key);
  if (e && e.tenantId !== null) e.body = body;
}

export function livePageCache(ttlMs: number, now: () => number = Date.now): LivePageCache {
  return async <T>(key: string, read: () => Promise<{ tenantId: string; value: T } | null>): Promise<T | null> => {
    const hit = store.get(key);
    if (hit && now() - hit.at < ttlMs) return (await hit.value) as T | null;
    // One read for concurrent misses of one key: they share its promise.
    const entry: Entry = { at: now(), tenantId: null, value: Promise.resolve(null) };
    const value = read().then(
      (r) => {
        if (!r) {
          if (store.get(key) === entry) store.delete(key); // no shop here: asked again next time
          return null;
        }
        entry.tenantId = r.tenantId;
        return r.value;
      },
      (e: unknown) => {
        if (store.get(key) === entry) store.delete(key);
        throw e;
      },
    );
    entry.value = value;
    store.delete(key);
    store.set(key, entry);
    if (store.size > MAX_ENTRIES) store.delete(store.keys().next().value!); // the oldest first (insertion order)
    return (await value) as T | null;
  };
}

/** The shop's storefront changed: its pages are read again. Entries still being read (tenant unknown yet) go too. */
export function forgetLivePages(tenantId: string) {
  for (const [key, e] of store) if (e.tenantId === tenantId || e.tenantId === null) store.delete(key);
}

/** Where the mini-program reads a page: the unbatched GET of this tRPC procedure. */
export const PAGE_READ_PATH = "/api/trpc/shop.catalog.page";

/**
 * The cache key of an unbatched, anonymous `shop.catalog.page` GET (the
 * mini-program's page read: its answer is the same for everyone and in every
 * language), or null for any other request.
 */
export function pageReadKey(url: URL, headers: { has(name: string): boolean }): string | null {
  if (headers.has("authorization") || url.pathname !== PAGE_READ_PATH || url.searchParams.has("batch")) return null;
  try {
    const input = (JSON.parse(url.searchParams.get("input") ?? "null") as { json?: { shop?: unknown; kind?: unknown; slug?: unknown } } | null)?.json;
    if (!input || typeof input.shop !== "string") return null;
    const kind = input.kind === undefined ? "home" : input.kind;
    if (typeof kind !== "string" || (input.slug !== undefined && typeof input.slug !== "string")) return null;
    return livePageKey(input.shop, kind, input.slug as string | undefined);
  } catch {
    return null;
  }
}
