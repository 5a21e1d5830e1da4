"use client";

import { useTranslations } from "next-intl";
import type { z } from "zod";

/**
 * Checks with the API's own schema and returns field errors keyed by the full
 * path ("skus.2.price"), the same keys the server's errorFormatter uses, so
 * nested SKU and spec errors land on their own inputs.
 */
export function useSchemaErrors() {
  const te = useTranslations("errors");
  const tr = (key: string, params?: Record<string, string | number>) => {
    try {
      return te.has(key as never) ? te(key as never, params as never) : te("invalid");
    } catch {
      return te("invalid");
    }
  };
  function check<S extends z.ZodType>(schema: S, values: unknown): { ok: true; data: z.output<S> } | { ok: false; fields: Record<string, string> } {
    const r = schema.safeParse(values);
    if (r.success) return { ok: true, data: r.data };
    const fields: Record<string, string> = {};
    for (const issue of r.error.issues) fields[issue.path.join(".") || "_"] ??= tr(issue.message);
    return { ok: false, fields };
  }
  return { check, tr };
}

/** The first message among `fields` whose key is `key` or lies under it. */
export function under(fields: Record<string, string>, key: string): string | undefined {
  if (fields[key]) return fields[key];
  const hit = Object.keys(fields).find((k) => k.startsWith(`${key}.`));
  return hit ? fields[hit] : undefined;
}
