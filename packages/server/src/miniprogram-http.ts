import { ZodError, type z } from "zod";
import { AppError } from "../../core/src/errors";
import { toLocale, translateError, type Locale } from "../../i18n/src";
import { messageParams } from "../../i18n/src/params";
import { statusOf } from "./miniprogram-session";

/**
 * The HTTP side of /api/miniprogram/*: JSON in, JSON out, errors as
 * `{ error: { key, message, fieldErrors } }` in the caller's language (the
 * mini-program has no locale cookie: `X-Locale: en|zh-CN`, else Accept-Language).
 */
export function localeOfHeaders(h: Headers): Locale {
  const explicit = h.get("x-locale");
  if (explicit) return toLocale(explicit);
  return /^en\b/i.test(h.get("accept-language") ?? "") ? "en" : "zh-CN";
}

/** The client address the sign-in limit counts (first proxy hop), as the local sign-in does. */
export function clientOf(req: Request): string {
  return (req.headers.get("x-forwarded-for")?.split(",")[0] ?? req.headers.get("x-real-ip") ?? "direct").trim().slice(0, 64) || "direct";
}

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/** Parses the JSON body with `schema`, runs `fn`, answers its result (200) or the typed error. */
export async function miniprogramJson<S extends z.ZodType, R>(req: Request, schema: S, fn: (input: z.infer<S>) => Promise<R>): Promise<Response> {
  const locale = localeOfHeaders(req.headers);
  try {
    const body = await req.json().catch(() => null);
    return json(200, await fn(schema.parse(body)));
  } catch (e) {
    if (e instanceof ZodError) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of e.issues) fieldErrors[issue.path.join(".") || "_"] ??= translateError(locale, issue.message, messageParams(undefined));
      const key = e.issues[0]?.message ?? "invalid";
      return json(400, { error: { key, message: Object.values(fieldErrors)[0] ?? translateError(locale, "invalid"), fieldErrors } });
    }
    if (e instanceof AppError) return json(statusOf(e), { error: { key: e.key, message: translateError(locale, e.key, e.params), fieldErrors: null } });
    console.error("mini-program request failed", e);
    return json(500, { error: { key: "generic", message: translateError(locale, "generic"), fieldErrors: null } });
  }
}
