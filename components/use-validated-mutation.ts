"use client";

import type { UseMutationResult } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { z } from "zod";
import { errorInfo } from "@/components/trpc";
import { fieldErrors } from "@/lib/zod-form";

/**
 * The forms' one pattern: check with the API's own zod schema first (field
 * messages in the user's language), then mutate; the server's field errors
 * (already localized) show in the same places. `formError` is the message
 * that belongs to no field.
 */
export function useValidatedMutation<S extends z.ZodType, TData, TVars = z.infer<S>>(
  schema: S,
  mutation: UseMutationResult<TData, unknown, TVars>,
  toInput: (data: z.infer<S>) => TVars = (d) => d as TVars,
) {
  const te = useTranslations("errors");
  const [local, setLocal] = useState<Record<string, string>>({});
  const server = errorInfo(mutation.error);
  const fields: Record<string, string> = { ...server.fields, ...local };
  const formError = Object.keys(fields).length ? null : server.message;

  /** Checks the values as submit would, showing the field messages, without mutating (a confirmation step comes first). */
  function check(values: unknown): boolean {
    const checked = fieldErrors(schema, values, te as never);
    setLocal(checked.ok ? {} : checked.fields);
    return checked.ok;
  }

  async function submit(values: unknown): Promise<TData | null> {
    const checked = fieldErrors(schema, values, te as never);
    if (!checked.ok) {
      setLocal(checked.fields);
      return null;
    }
    setLocal({});
    return mutation.mutateAsync(toInput(checked.data)).catch(() => null);
  }

  return { fields, formError, check, submit, pending: mutation.isPending };
}
