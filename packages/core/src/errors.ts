/**
 * A failure the user should understand. `key` names a message under
 * "errors" in messages/{locale}.json; the API translates it for the caller's
 * locale, the UI can translate it again. Never carries internal details.
 */
export type AppErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "UNAUTHORIZED";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    readonly key: string,
    readonly params: Record<string, string | number> = {},
    /** The form field the error belongs to, when there is one. */
    readonly field?: string,
  ) {
    super(key);
    this.name = "AppError";
  }
}

export const notFound = (what = "notFound") => new AppError("NOT_FOUND", what);
export const forbidden = (key = "forbidden") => new AppError("FORBIDDEN", key);
