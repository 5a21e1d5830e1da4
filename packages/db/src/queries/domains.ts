import { and, eq } from "drizzle-orm";
import { AppError } from "../../../core/src/errors";
import type { DomainCheck } from "../../../tenancy/src/domain-verification";
import type { Tx } from "../client";
import { tenantDomains } from "../schema";
import { writeAudit } from "./audit";
import { getTenant, isUniqueViolation, resolveTenant } from "./tenants";

/**
 * The settings page's "Verify": checks that the tenant's claimed host
 * publishes its token (`check`, the server's DNS/HTTP checker) and records
 * the outcome. Verified, the host serves the storefront (app_private.
 * resolve_tenant); failed, the reason is shown and the merchant may retry.
 * A host another tenant verified first is a CONFLICT (domain.taken).
 */
export async function verifyTenantDomain(tx: Tx, tenantId: string, actorUserId: string, check: DomainCheck) {
  const tenant = await getTenant(tx, tenantId);
  if (!tenant) throw new AppError("NOT_FOUND", "notFound");
  const domain = tenant.customDomain;
  const claim = tenant.domainVerification;
  if (!domain || !claim) throw new AppError("BAD_REQUEST", "domainVerify.noDomain", {}, "customDomain");
  if (claim.status === "verified") return tenant;
  const taken = async () => {
    const hit = await resolveTenant(tx, domain);
    return hit !== null && hit.id !== tenantId;
  };
  if (await taken()) throw new AppError("CONFLICT", "domain.taken", { domain }, "customDomain");

  const result = await check(domain, claim.token);
  const now = new Date();
  const where = and(eq(tenantDomains.tenantId, tenantId), eq(tenantDomains.domain, domain));
  if (!result.ok) {
    await tx.update(tenantDomains).set({ status: "failed", failure: result.reason, checkedAt: now }).where(where);
    return (await getTenant(tx, tenantId))!;
  }
  try {
    await tx.update(tenantDomains).set({ status: "verified", failure: null, checkedAt: now, verifiedAt: now }).where(where);
  } catch (e) {
    // Another tenant verified the same host meanwhile (tenant_domains_verified_key).
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "domain.taken", { domain }, "customDomain");
    throw e;
  }
  await writeAudit(tx, { tenantId, actorUserId, action: "tenant.domainVerified", target: `tenant:${tenantId}`, after: { domain, method: result.method } });
  return (await getTenant(tx, tenantId))!;
}
