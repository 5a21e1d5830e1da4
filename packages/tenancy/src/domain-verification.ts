/**
 * How a merchant proves control of a custom domain (drizzle/0026): what to
 * publish, and what a check concludes. Pure; the lookups themselves are
 * packages/server/src/domain-check.ts.
 */

/** The TXT record's name: `_mall-verify.<domain>`. */
export const txtRecordName = (domain: string) => `_mall-verify.${domain}`;

/** The TXT record's value: `mall-verify=<token>`. */
export const txtRecordValue = (token: string) => `mall-verify=${token}`;

/** The file the merchant's own server answers at the domain (plain http: it must work before a certificate exists). */
export const verificationFileUrl = (domain: string) => `http://${domain}/.well-known/mall-verify.txt`;

/** Why a check failed: a key under "errors" in messages/*.json. */
export const domainFailures = ["domainVerify.notFound", "domainVerify.txtMismatch", "domainVerify.fileMismatch"] as const;
export type DomainFailure = (typeof domainFailures)[number];

export type DomainCheckResult = { ok: true; method: "dns" | "http" } | { ok: false; reason: DomainFailure };

/** Checks that `domain` publishes `token` (the server's checker, a fake in tests). */
export type DomainCheck = (domain: string, token: string) => Promise<DomainCheckResult>;

/** What the two lookups found: the TXT strings at the record name (each record's chunks joined), and the file's body or null. */
export type DomainEvidence = { txt: string[]; file: string | null };

/**
 * The verdict on what was found: a TXT record `mall-verify=<token>` or a file
 * whose body contains the token. A failure names the most specific reason
 * (records that do not match beat a file that does not, beat nothing found).
 */
export function judgeDomainEvidence(token: string, found: DomainEvidence): DomainCheckResult {
  const wanted = txtRecordValue(token);
  if (found.txt.some((v) => v.trim() === wanted)) return { ok: true, method: "dns" };
  if (found.file !== null && found.file.includes(token)) return { ok: true, method: "http" };
  if (found.txt.length) return { ok: false, reason: "domainVerify.txtMismatch" };
  if (found.file !== null) return { ok: false, reason: "domainVerify.fileMismatch" };
  return { ok: false, reason: "domainVerify.notFound" };
}
