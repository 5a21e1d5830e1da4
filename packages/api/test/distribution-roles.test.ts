/**
 * Who may move distribution money (review M8, M9): confirming or clearing a
 * fraud flag, setting a level and running the team bonus need finance.write
 * (owner, admin, finance, not the operator); nobody decides on their own
 * distributor record; every such decision is audited with before and after.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import type { User } from "../src/trpc";
import { distributionWorld } from "./distribution-fixtures";
import { keyOf, loadUser, rejection, userIdByEmail } from "./helpers";

const { w, as, console_, newShopper, newSku, buyThrough, newDistributor } = distributionWorld();
let ops: User;
let finance: User;
let admin: User;
beforeAll(async () => {
  ops = await loadUser(w.db, await userIdByEmail(w.db, "ops@demo.local"));
  finance = await loadUser(w.db, await userIdByEmail(w.db, "finance@demo.local"));
  admin = await loadUser(w.db, await userIdByEmail(w.db, "admin@demo.local"));
});
const staff = (u: User) => as(u, w.seed.teaId);
const one = async <T>(q: ReturnType<typeof sql>) => (await w.truth<T>(q))[0]!;

/** A referrer sharing the buyer's phone: one purchase raises an open shared_phone flag with held commission. */
async function openFlag() {
  const phone = `139${String(Date.now()).slice(-8)}`;
  const { user: ref, code } = await newDistributor("TEA0001");
  await w.db.execute(sql`update users set phone = ${phone} where id = ${ref.id}`);
  const { skuId } = await newSku(10000, 2000);
  const orderId = await buyThrough(await newShopper(phone), skuId, code);
  const flag = (await console_().distribution.flags({ status: "open" })).find((f) => f.orderId === orderId)!;
  return { ref, flag, orderId };
}

describe("money decisions need finance.write", () => {
  test("the operator is refused confirming or clearing a flag, setting a level and running the bonus; nothing changes", async () => {
    const { ref, flag } = await openFlag();
    for (const decision of ["clear", "confirm"] as const) {
      const e = await rejection(staff(ops).distribution.decideFlag({ flagId: flag.id, decision }));
      expect([e.code, keyOf(e)]).toEqual(["FORBIDDEN", "forbiddenRole"]);
    }
    expect((await console_().distribution.flags({ status: "open" })).some((f) => f.id === flag.id)).toBe(true);
    const e = await rejection(staff(ops).distribution.setLevel({ userId: ref.id, level: 5, note: "x" }));
    expect(e.code).toBe("FORBIDDEN");
    expect((await one<{ level: number }>(sql`select level from distributors where user_id = ${ref.id}`)).level).toBe(1);
    expect((await rejection(staff(ops).distribution.runBonus({ month: "2020-01" }))).code).toBe("FORBIDDEN");
    // The operator still runs the programme's applications (distribution.write).
    expect((await rejection(staff(ops).distribution.decide({ userId: ref.id, action: "approve" }))).code).toBe("CONFLICT");
  });

  test("finance clears a flag: the held commission is released and the audit row holds it before and after", async () => {
    const { ref, flag, orderId } = await openFlag();
    await staff(finance).distribution.decideFlag({ flagId: flag.id, decision: "clear" });
    const a = await one<{ actor_user_id: string; before: { status: string; commissions: { status: string }[] }; after: { status: string; commissions: { status: string }[] } }>(
      sql`select actor_user_id::text, before, after from audit_log where action = 'distribution.flag.clear' and target = ${`flag:${flag.id}`}`,
    );
    expect(a.actor_user_id).toBe(finance.id);
    expect(a.before.status).toBe("open");
    expect(a.before.commissions.map((c) => c.status)).toEqual(["held"]);
    expect(a.after.status).toBe("cleared");
    expect(a.after.commissions.map((c) => c.status)).toEqual(["pending"]);
    const k = await one<{ status: string }>(sql`select status from commissions where order_id = ${orderId} and beneficiary_id = ${ref.id}`);
    expect(k.status).toBe("pending");
  });

  test("running the bonus is audited with who ran it and the month's bonuses before and after", async () => {
    await staff(finance).distribution.runBonus({ month: "2020-01" });
    const a = await one<{ actor_user_id: string; before: { count: number }; after: { count: number; created: number } }>(
      sql`select actor_user_id::text, before, after from audit_log where action = 'distribution.bonus.run' and target = 'bonus:2020-01'`,
    );
    expect(a).toMatchObject({ actor_user_id: finance.id, before: { count: 0 }, after: { count: 0, created: 0 } });
  });
});

describe("nobody decides on their own distributor record", () => {
  test("a finance member who joined the programme cannot set their own level; another member can", async () => {
    await as(finance).shop.distribution.join({ shop: "tea" });
    const e = await rejection(staff(finance).distribution.setLevel({ userId: finance.id, level: 5, note: "自己" }));
    expect([e.code, keyOf(e)]).toEqual(["FORBIDDEN", "distribution.selfDecision"]);
    expect((await one<{ level: number }>(sql`select level from distributors where user_id = ${finance.id}`)).level).toBe(1);
    await staff(admin).distribution.setLevel({ userId: finance.id, level: 2, note: "另一位成员" });
    expect((await one<{ level: number }>(sql`select level from distributors where user_id = ${finance.id}`)).level).toBe(2);
  });

  test("an admin who is a distributor cannot decide their own exit or clear their own flag", async () => {
    await as(admin).shop.distribution.join({ shop: "tea" });
    await as(admin).shop.distribution.requestExit({ shop: "tea" });
    const e = await rejection(staff(admin).distribution.decide({ userId: admin.id, action: "approveExit" }));
    expect(keyOf(e)).toBe("distribution.selfDecision");
    expect((await one<{ status: string }>(sql`select status from distributors where user_id = ${admin.id}`)).status).toBe("exit_requested");

    const { ref, flag } = await openFlag();
    const selfFlag = { ...flag };
    await w.db.execute(sql`update distribution_flags set user_id = ${admin.id} where id = ${selfFlag.id}`);
    const f = await rejection(staff(admin).distribution.decideFlag({ flagId: selfFlag.id, decision: "clear" }));
    expect(keyOf(f)).toBe("distribution.selfDecision");
    expect((await one<{ status: string }>(sql`select status from distribution_flags where id = ${selfFlag.id}`)).status).toBe("open");
    void ref;
  });
});
