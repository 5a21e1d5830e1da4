import { createClerkClient } from "@clerk/backend";
import { clerkEnabled } from "./config";

/**
 * The external identity provider, as the API sees it. With Clerk configured,
 * each tenant is a Clerk organization (memberships flow back through the
 * webhook); without it there is none and tenants live only in our database.
 */
export type IdentityProvider = {
  createOrganization(input: { name: string; slug: string; createdBy: string }): Promise<string>;
};

export function clerkIdentity(env: NodeJS.ProcessEnv = process.env): IdentityProvider | null {
  if (!clerkEnabled(env)) return null;
  // CLERK_API_URL points tests (and proxies) at another Clerk API endpoint.
  const client = createClerkClient({ secretKey: env.CLERK_SECRET_KEY, apiUrl: env.CLERK_API_URL });
  return {
    async createOrganization({ name, slug, createdBy }) {
      const org = await client.organizations.createOrganization({ name, slug, createdBy });
      return org.id;
    },
  };
}
