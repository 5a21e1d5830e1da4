import { afterAll, beforeAll, describe, expect, it } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { rowsOf, type Database } from "../../db/src/client";
import { createTestDatabase } from "../../db/src/testing";
import { seedDemo } from "../../db/src/seed";
import { upsertClerkUser } from "../../db/src/queries/users";
import { clerkIdentity } from "../../auth/src/identity";
import { createCaller } from "../src/root";

/**
 * With Clerk configured, creating a tenant creates its Clerk organization.
 * Offline, the real Clerk backend client talks to a local fake Clerk API.
 */
type Seen = { method: string; url: string; auth: string | undefined; body: Record<string, unknown> };
let seen: Seen[] = [];
let failNext = false;
const server = http.createServer((req, res) => {
  let raw = "";
  req.on("data", (c) => (raw += c));
  req.on("end", () => {
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
    if (failNext) {
      failNext = false;
      res.writeHead(422, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "form_identifier_exists", message: "slug taken", long_message: "That slug is taken" }] }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    const now = Date.now();
    res.end(
      JSON.stringify({
        object: "organization", id: `org_fake_${seen.length}`, name: body.name, slug: body.slug, image_url: "", has_image: false,
        created_by: body.created_by, created_at: now, updated_at: now, public_metadata: {}, private_metadata: {},
        max_allowed_memberships: 5, admin_delete_enabled: true, members_count: 1,
      }),
    );
  });
});

let d: Database;
let userId: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  env = { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_ZmFrZS5jbGVyay5hY2NvdW50cy5kZXYk", CLERK_SECRET_KEY: "sk_test_fake", CLERK_API_URL: `http://127.0.0.1:${port}` } as unknown as NodeJS.ProcessEnv;
  d = await createTestDatabase();
  await seedDemo(d.db);
  userId = (await upsertClerkUser(d.db, { clerkUserId: "user_clerk_owner", email: "clerk-owner@example.com", name: "Clerk Owner" })).id;
});
afterAll(async () => {
  await d.close();
  server.close();
});

async function caller() {
  const [user] = rowsOf<Record<string, unknown>>(await d.db.execute(sql`select * from users where id = ${userId}`));
  const u = { id: userId, clerkUserId: user!.clerk_user_id as string, email: "clerk-owner@example.com", name: "Clerk Owner", phone: null, isPlatformOperator: false, demoNote: null, createdAt: new Date(), updatedAt: new Date() };
  return createCaller({ db: d.db, user: u, locale: "zh-CN", activeTenantId: null, identity: clerkIdentity(env) });
}

describe("tenants are Clerk organizations when Clerk is configured", () => {
  it("creates the organization with the tenant's name and slug, created by the signer, and stores its id", async () => {
    seen = [];
    const created = await (await caller()).onboarding.createTenant({ name: "云上茶铺", slug: "clerk-tea", template: "tea" });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: "POST", auth: "Bearer sk_test_fake", body: { name: "云上茶铺", slug: "clerk-tea", created_by: "user_clerk_owner" } });
    expect(seen[0]!.url).toMatch(/\/v1\/organizations$/);
    const [row] = rowsOf<{ clerk_org_id: string }>(await d.db.execute(sql`select clerk_org_id from tenants where id = ${created.id}`));
    expect(row!.clerk_org_id).toBe("org_fake_1");
  });

  it("rolls the tenant back when Clerk refuses the organization", async () => {
    failNext = true;
    const e = await (await caller()).onboarding.createTenant({ name: "第二家", slug: "clerk-second", template: "fresh" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TRPCError);
    const rows = rowsOf(await d.db.execute(sql`select 1 from tenants where slug = 'clerk-second'`));
    expect(rows).toHaveLength(0);
  });

  it("does nothing with Clerk when it is not configured", async () => {
    expect(clerkIdentity({} as NodeJS.ProcessEnv)).toBeNull();
  });
});
