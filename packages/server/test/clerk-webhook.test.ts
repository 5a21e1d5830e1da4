import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "svix";
import { sql } from "drizzle-orm";
import type { Database } from "../../db/src/client";
import { rowsOf } from "../../db/src/client";
import { createTestDatabase } from "../../db/src/testing";
import { seedDemo } from "../../db/src/seed";
import { applyClerkEvent, verifyClerkWebhook, WebhookSignatureError } from "../src/clerk-webhook";

const secret = "whsec_" + Buffer.from("clerk-test-secret-0123456789").toString("base64");

function signed(payload: object, at = new Date(), id = `msg_${Math.random().toString(36).slice(2)}`) {
  const body = JSON.stringify(payload);
  const signature = new Webhook(secret).sign(id, at, body);
  const headers = new Headers({ "svix-id": id, "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": signature });
  return { body, headers };
}

let d: Database;
let teaId: string;
beforeAll(async () => {
  d = await createTestDatabase();
  teaId = (await seedDemo(d.db)).teaId;
  await d.db.execute(sql`update tenants set clerk_org_id = 'org_tea' where id = ${teaId}`);
});
afterAll(() => d.close());

const truth = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await d.db.execute(q));

describe("Clerk webhook (svix-signed, offline)", () => {
  const userEvent = {
    type: "user.created",
    data: { id: "user_clerk_1", email_addresses: [{ id: "e1", email_address: "clerk1@example.com", verification: { status: "verified" } }], primary_email_address_id: "e1", first_name: "Mei", last_name: "Lin" },
  };
  const membershipEvent = {
    type: "organizationMembership.created",
    data: { role: "org:admin", organization: { id: "org_tea", name: "青山茶舍" }, public_user_data: { user_id: "user_clerk_1", identifier: "clerk1@example.com", first_name: "Mei", last_name: "Lin" } },
  };

  it("accepts a correctly signed user.created and mirrors the user once, even when replayed", async () => {
    const { body, headers } = signed(userEvent);
    const evt = verifyClerkWebhook(secret, body, headers);
    await applyClerkEvent(d.db, evt);
    await applyClerkEvent(d.db, evt);
    const rows = await truth<{ name: string }>(sql`select name from users where clerk_user_id = 'user_clerk_1'`);
    expect(rows).toEqual([{ name: "Mei Lin" }]);
  });

  it("maps an organization membership to a tenant membership with the mapped role, idempotently", async () => {
    const evt = verifyClerkWebhook(secret, ...Object.values(signed(membershipEvent)) as [string, Headers]);
    expect(await applyClerkEvent(d.db, evt)).toBe("membership synced");
    expect(await applyClerkEvent(d.db, evt)).toBe("membership unchanged");
    const rows = await truth<{ role: string }>(sql`select m.role from memberships m join users u on u.id = m.user_id where u.clerk_user_id = 'user_clerk_1' and m.tenant_id = ${teaId}`);
    expect(rows).toEqual([{ role: "admin" }]);
    const del = verifyClerkWebhook(secret, ...Object.values(signed({ ...membershipEvent, type: "organizationMembership.deleted" })) as [string, Headers]);
    expect(await applyClerkEvent(d.db, del)).toBe("membership removed");
    expect(await truth(sql`select 1 from memberships m join users u on u.id = m.user_id where u.clerk_user_id = 'user_clerk_1'`)).toHaveLength(0);
  });

  it("rejects a tampered body, a wrong secret and a stale timestamp, changing nothing", async () => {
    const { body, headers } = signed({ ...userEvent, data: { ...userEvent.data, id: "user_clerk_2" } });
    expect(() => verifyClerkWebhook(secret, body.replace("Mei", "Eve"), headers)).toThrow(WebhookSignatureError);
    const other = "whsec_" + Buffer.from("another-secret-abcdefghijkl").toString("base64");
    expect(() => verifyClerkWebhook(other, body, headers)).toThrow(WebhookSignatureError);
    const stale = signed(userEvent, new Date(Date.now() - 10 * 60 * 1000));
    expect(() => verifyClerkWebhook(secret, stale.body, stale.headers)).toThrow(WebhookSignatureError);
    expect(await truth(sql`select 1 from users where clerk_user_id = 'user_clerk_2'`)).toHaveLength(0);
  });

  it("ignores memberships of organizations that are not tenants", async () => {
    const evt = { ...membershipEvent, data: { ...membershipEvent.data, organization: { id: "org_unknown", name: "x" } } };
    expect(await applyClerkEvent(d.db, evt as never)).toBe("ignored: unknown organization");
  });

  describe("linking an existing user needs a verified primary email and an unlinked row (H2)", () => {
    const user = (id: string, addresses: { id: string; email_address: string; verification?: { status: string } }[], primary: string | null) => ({
      type: "user.updated",
      data: { id, email_addresses: addresses, primary_email_address_id: primary, first_name: "Eve", last_name: null },
    });
    const ownerRow = () => truth<{ clerk: string | null }>(sql`select clerk_user_id as clerk from users where email = 'owner@demo.local'`);

    it("an unverified address (primary or not) never takes over the seeded owner", async () => {
      await applyClerkEvent(d.db, user("user_eve_1", [{ id: "a", email_address: "owner@demo.local", verification: { status: "unverified" } }], "a") as never);
      await applyClerkEvent(d.db, user("user_eve_2", [{ id: "a", email_address: "owner@demo.local" }], null) as never);
      expect(await ownerRow()).toEqual([{ clerk: null }]);
      const eves = await truth<{ email: string }>(sql`select email from users where clerk_user_id in ('user_eve_1', 'user_eve_2') order by clerk_user_id`);
      expect(eves).toEqual([{ email: "user_eve_1@clerk.invalid" }, { email: "user_eve_2@clerk.invalid" }]);
    });

    it("a membership event's identifier is not an email that links anyone", async () => {
      const evt = { ...membershipEvent, data: { ...membershipEvent.data, public_user_data: { user_id: "user_eve_3", identifier: "owner@demo.local", first_name: null, last_name: null } } };
      await applyClerkEvent(d.db, evt as never);
      expect(await ownerRow()).toEqual([{ clerk: null }]);
    });

    it("a verified primary email links an unlinked row once; a row linked to another Clerk user is never re-linked", async () => {
      await applyClerkEvent(d.db, user("user_owner", [{ id: "p", email_address: "owner@demo.local", verification: { status: "verified" } }], "p") as never);
      expect(await ownerRow()).toEqual([{ clerk: "user_owner" }]);
      await applyClerkEvent(d.db, user("user_thief", [{ id: "p", email_address: "owner@demo.local", verification: { status: "verified" } }], "p") as never);
      expect(await ownerRow()).toEqual([{ clerk: "user_owner" }]);
      const thief = await truth<{ email: string }>(sql`select email from users where clerk_user_id = 'user_thief'`);
      expect(thief).toEqual([{ email: "user_thief@clerk.invalid" }]);
    });
  });
});
