/**
 * Personal information as team views show it (PRODUCT.md §8.2): a phone keeps
 * its first three and last four digits (138****1234), a name its first
 * character. Used wherever a person's data reaches someone who may not see
 * it whole: a distributor's team, staff without the right to manage
 * distributors.
 */
export const maskPhone = (p: string | null) => (p && p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : p ? "****" : null);

export function maskName(n: string): string {
  const chars = [...n];
  return chars.length <= 1 ? "*" : `${chars[0]}${"*".repeat(Math.min(3, chars.length - 1))}`;
}

/** A delivery address as staff without order rights see it: region kept, recipient, phone and street masked. */
export function maskAddress<A extends { name: string; phone: string; detail: string }>(a: A): A {
  return { ...a, name: maskName(a.name), phone: maskPhone(a.phone) ?? "", detail: "****" };
}
