/**
 * A small tRPC client over `wx.request`, speaking tRPC's HTTP wire format
 * with superjson (the transformer of packages/api/src/trpc.ts): a query is
 * GET {apiBase}/api/trpc/{path}?input=…, a mutation a POST with the input as
 * the body; answers are `{ result: { data } }` or `{ error }`. Typed by the
 * app router: the same procedures the H5 storefront calls.
 * `import type` only: esbuild erases it, nothing of the server is bundled.
 */
import type { TRPCClient } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../../../api/src/root";
import type { ExtConfig } from "./ext";
import { ensureSession, forgetSession } from "./session";
import { request, type WxLike } from "./wx";

export type Api = TRPCClient<AppRouter>;

/** A procedure's error as the platform reports it: the zh-CN or en message, the error key, the fields. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly httpStatus: number,
    readonly key: string | null,
    readonly fieldErrors: Record<string, string> | null,
  ) {
    super(message);
  }
}

type ErrorShape = { message?: string; code?: number; data?: { code?: string; httpStatus?: number; key?: string | null; fieldErrors?: Record<string, string> | null } };

/** Procedures anyone may call, the same answer for everyone (packages/api/src/routers/shop-catalog.ts). */
const PUBLIC = /^shop\.catalog\./;

export type ClientOptions = { auth?: "optional" | "required"; locale?: () => string };

export function createApi(wx: WxLike, ext: ExtConfig, opts: ClientOptions = {}) {
  const call = async (type: "query" | "mutation", path: string, input: unknown, retried = false): Promise<unknown> => {
    const locale = opts.locale?.() ?? "zh-CN";
    // The catalogue (pages, categories, search, products, a distributor's shop) is the same for everyone: no
    // wx.login before the first paint, and no bearer for the server to check on every read.
    const session = PUBLIC.test(path)
      ? null
      : await ensureSession(wx, ext, locale).catch((e: unknown) => {
          if (opts.auth === "required") throw e;
          return null; // public reads work signed out
        });
    // No locale cookie in a mini-program: X-Locale picks the error messages' language (packages/server/src/miniprogram-http.ts).
    const header: Record<string, string> = { "content-type": "application/json", "x-locale": locale };
    if (session) header.authorization = `Bearer ${session.token}`;
    const serialized = superjson.serialize(input);
    const url = `${ext.apiBase}/api/trpc/${path}`;
    const res =
      type === "query"
        ? await request(wx, { url: `${url}?input=${encodeURIComponent(JSON.stringify(serialized))}`, method: "GET", header })
        : await request(wx, { url, method: "POST", data: JSON.stringify(serialized), header });
    const body = (typeof res.data === "string" ? safeJson(res.data) : res.data) as { result?: { data?: unknown }; error?: unknown } | null;
    if (res.statusCode === 401 && session && !retried) {
      forgetSession(wx); // expired or revoked (miniprogram.tokenInvalid): log in again, once
      return call(type, path, input, true);
    }
    if (body?.error !== undefined) {
      const e = superjson.deserialize(body.error as Parameters<typeof superjson.deserialize>[0]) as ErrorShape;
      throw new ApiError(e.message ?? "error", e.data?.code ?? "INTERNAL_SERVER_ERROR", e.data?.httpStatus ?? res.statusCode, e.data?.key ?? null, e.data?.fieldErrors ?? null);
    }
    if (res.statusCode !== 200 || !body?.result) throw new ApiError(`HTTP ${res.statusCode}`, "INTERNAL_SERVER_ERROR", res.statusCode, null, null);
    return superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]);
  };
  return proxy([], call) as unknown as Api;
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

type Caller = (type: "query" | "mutation", path: string, input: unknown) => Promise<unknown>;

/** `api.shop.cart.query(input)` → call("query", "shop.cart", input), as tRPC's own proxy client. */
function proxy(path: string[], call: Caller): unknown {
  return new Proxy(() => undefined, {
    get(_t, key) {
      if (typeof key !== "string" || key === "then") return undefined;
      return proxy([...path, key], call);
    },
    apply(_t, _this, args: unknown[]) {
      const verb = path[path.length - 1];
      const name = path.slice(0, -1).join(".");
      if (verb === "query") return call("query", name, args[0]);
      if (verb === "mutate") return call("mutation", name, args[0]);
      throw new Error(`tRPC client: ${path.join(".")} is not a query or a mutation`);
    },
  });
}
