import fs from "node:fs";
import path from "node:path";

/**
 * Removes the cached storefront renders Next keeps under `.next` (the route
 * cache and unstable_cache's data): they were made from whatever database the
 * last server used, and the invalidations that outdated some of them lived in
 * that server's memory. Run before a server starts (`npm start`, `npm run dev`,
 * the page bench), so a render is never older than the process serving it.
 */
export function dropCachedRenders(root = process.cwd()) {
  for (const dir of [".next/server/route-cache", ".next/cache/fetch-cache"]) fs.rmSync(path.join(root, dir), { recursive: true, force: true });
}
