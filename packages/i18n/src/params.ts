/**
 * Zod issues do not carry the offending value; error messages that quote it
 * ("“admin” is reserved") get it from the submitted field instead.
 */
export function messageParams(value: unknown): Record<string, string> {
  const v = typeof value === "string" ? value.trim().toLowerCase() : "";
  return { slug: v, domain: v, email: v, template: v };
}
