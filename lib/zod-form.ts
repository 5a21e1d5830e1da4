import type { z } from "zod";
import { messageParams } from "@/packages/i18n/src/params";

/**
 * Client-side check with the same zod schema the API uses; messages are keys
 * under "errors", translated by the caller's `t` (useTranslations("errors")).
 */
export function fieldErrors<S extends z.ZodType>(
  schema: S,
  values: unknown,
  t: (key: string, params?: Record<string, string>) => string,
): { ok: true; data: z.infer<S> } | { ok: false; fields: Record<string, string> } {
  const r = schema.safeParse(values);
  if (r.success) return { ok: true, data: r.data };
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) {
    // The full path (e.g. "address.phone"), as the API's errorFormatter reports it.
    const key = issue.path.join(".") || "_";
    const p = messageParams((values as Record<string, unknown> | null)?.[String(issue.path[0])]);
    fields[key] ??= safeT(t, issue.message, p);
  }
  return { ok: false, fields };
}

function safeT(t: (key: string, params?: Record<string, string>) => string, key: string, params: Record<string, string>) {
  try {
    const out = t(key, params);
    return out.startsWith("errors.") ? t("invalid") : out;
  } catch {
    return t("invalid");
  }
}
