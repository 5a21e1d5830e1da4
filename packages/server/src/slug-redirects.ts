import { sql } from "drizzle-orm";
import { rowsOf } from "../../db/src/client";
import { withContext } from "../../db/src/context";
import { getDb } from "./db";

/**
 * Old slug → the shop's slug now, for every rename of the last 90 days
 * (app_private.slug_redirects, drizzle/0027), read by proxy.ts on storefront
 * requests. Renames are rare, so the whole map is kept in memory and read
 * again after MAX_AGE_MS (another app server's rename reaches this one
 * within that), or at once after a rename here (forgetSlugRedirects).
 */
const MAX_AGE_MS = 30_000;

/** Kept on globalThis: proxy.ts and the app's routes are separate bundles in one process. */
const g = globalThis as unknown as { __fxSlugRedirects?: { at: number; map: Promise<Map<string, string>> } };

export function slugRedirects(now = Date.now()): Promise<Map<string, string>> {
  const held = g.__fxSlugRedirects;
  if (held && now - held.at < MAX_AGE_MS) return held.map;
  const map = load();
  g.__fxSlugRedirects = { at: now, map };
  // A failed read is retried by the next request, not kept.
  map.catch(() => {
    if (g.__fxSlugRedirects?.map === map) g.__fxSlugRedirects = undefined;
  });
  return map;
}

export function forgetSlugRedirects() {
  g.__fxSlugRedirects = undefined;
}

async function load() {
  const rows = await withContext(await getDb(), {}, async (tx) =>
    rowsOf<{ old_slug: string; new_slug: string }>(await tx.execute(sql`select old_slug, new_slug from app_private.slug_redirects()`)),
  );
  return new Map(rows.map((r) => [r.old_slug, r.new_slug]));
}
