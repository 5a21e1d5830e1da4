/**
 * The glue every page shares: its PageEnv from the app, and errors shown as
 * the platform's own message (zh-CN or en) instead of a silent failure.
 */
import type { PageEnv } from "./runtime";

type AppLike = { env: PageEnv | null; error: string | null };

export function envOf(app: AppLike): PageEnv {
  if (!app.env) throw new Error(app.error ?? "app not launched");
  return app.env;
}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Settable = { setData(d: Record<string, unknown>): void };

/** Runs a page step: loading flag on, result set, error message set on failure. */
export async function step<T extends Record<string, unknown>>(page: Settable, run: () => Promise<T>) {
  page.setData({ loading: true, error: "" });
  try {
    const d = await run();
    page.setData({ ...d, loading: false });
    return d;
  } catch (e) {
    page.setData({ loading: false, error: messageOf(e) });
    return null;
  }
}

/** A key for one intended write (an order, a withdrawal): kept while the shopper retries it, renewed after it took. */
export const newRequestKey = () => `mp-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
