/**
 * A failure the user should understand. `key` names a message under
 * "errors" in messages/{locale}.json; the API translates it for the caller's
 * locale, the UI can translate it again. Never carries internal details.
 */
export type AppErrorCode = "BAD_REQUEST" | "NOT_FOUND" | "FORBIDDEN" | "CONFLICT" | "UNAUTHORIZED" | "TOO_MANY_REQUESTS";

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/** A syntactically valid UUID (a malformed id is "not found", never a server error). */
export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID.test(v);
