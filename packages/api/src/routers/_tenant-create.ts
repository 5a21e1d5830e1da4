import { eq } from "drizzle-orm";
import type { Tx } from "../../../db/src/client";
import { createTenantFromTemplate } from "../../../db/src/queries/tenants";
import { hitRateLimit } from "../../../db/src/queries/rate-limits";
import { tenants } from "../../../db/src/schema";
import type { CreateTenantInput } from "../../../tenancy/src/schemas";
import type { AfterCommit, Context, User } from "../trpc";

type Ctx = Context & { tx: Tx; user: User; afterCommit: AfterCommit };

/**
 * With Clerk, a new tenant is also a Clerk organization. Runs inside the
 * procedure's transaction: if Clerk refuses, the tenant is rolled back.
 */
export async function linkOrganization(ctx: Ctx, created: { id: string; slug: string }, name: string) {
  if (!ctx.identity || !ctx.user.clerkUserId) return created;
  const orgId = await ctx.identity.createOrganization({ name, slug: created.slug, createdBy: ctx.user.clerkUserId });
  await ctx.tx.update(tenants).set({ clerkOrgId: orgId }).where(eq(tenants.id, created.id));
  return created;
}

/** Sign-up and the agency's "create tenant" share this. */
export async function createTenant(ctx: Ctx, input: CreateTenantInput, agencyId: string | null = null) {
  await hitRateLimit(ctx.tx, "createTenant", [ctx.user.id]);
  const created = await createTenantFromTemplate(ctx.tx, ctx.user.id, { ...input, agencyId });
  // Its address may have been visited before it existed: that cached 404 goes.
  ctx.afterCommit(async () => ctx.storefrontChanged?.(created.id));
  return linkOrganization(ctx, created, input.name);
}
