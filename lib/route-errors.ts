import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { AppError } from "@/packages/core/src/errors";
import { translateError, type Locale } from "@/packages/i18n/src";

/**
 * A procedure called from a route handler (a download: CSV, PDF, zip) failed: its HTTP status as tRPC maps the
 * code, and the message in the caller's language (the key an AppError or a refused access carries). Anything
 * else is logged and answered 500 without its details.
 */
export function procedureErrorResponse(e: unknown, locale: Locale): Response {
  if (!(e instanceof TRPCError)) {
    console.error("[route] procedure failed", e);
    return new Response(translateError(locale, "generic"), { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const cause = e.cause;
  const message =
    cause instanceof AppError
      ? translateError(locale, cause.key, cause.params)
      : cause instanceof ZodError
        ? translateError(locale, cause.issues[0]?.message ?? "invalid")
        : e.code === "INTERNAL_SERVER_ERROR"
          ? translateError(locale, "generic")
          : translateError(locale, e.message);
  if (e.code === "INTERNAL_SERVER_ERROR") console.error("[route] procedure failed", e);
  return new Response(message, { status: getHTTPStatusCodeFromError(e), headers: { "content-type": "text/plain; charset=utf-8" } });
}
