/**
 * Shoppers' personal data in the console (review M6, PRODUCT.md §8.2): a
 * viewer sees phones and addresses masked in orders and distributor lists,
 * and cannot find anyone by phone digits; staff who ship or refund, and
 * those who manage distributors, see them whole.
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { User } from "../src/trpc";
import { distributionWorld } from "./distribution-fixtures";
import { loadUser, rejection, userIdByEmail } from "./helpers";

const { w, as, console_, newShopper, newSku, buyThrough } = distributionWorld();
let viewer: User;
let orderId: string;
const phone = "13755550123";
beforeAll(async () => {
  viewer = await loadUser(w.db, await userIdByEmail(w.db, "viewer@demo.local"));
  const { skuId } = await newSku();
  orderId = await buyThrough(await newShopper(), skuId, null, 1, { name: "王小明", phone, province: "江苏省", city: "南京市", district: "玄武区", detail: "中山路 88 号 3 单元" });
});
const asViewer = () => as(viewer, w.seed.teaId);

describe("orders", () => {
  test("a viewer sees the recipient's phone, name and street masked in the list and the detail; the owner sees them whole", async () => {
    const mine = (r: Awaited<ReturnType<ReturnType<typeof asViewer>["orders"]["list"]>>) => r.orders.find((o) => o.id === orderId)!;
    const v = mine(await asViewer().orders.list({ pageSize: 100 }));
    expect(v.address).toMatchObject({ phone: "137****0123", name: "王**", detail: "****", city: "南京市" });
    expect(JSON.stringify(await asViewer().orders.detail({ orderId }))).not.toContain(phone);
    expect((await asViewer().orders.detail({ orderId })).order.address.phone).toBe("137****0123");
    expect(mine(await console_().orders.list({ pageSize: 100 })).address).toMatchObject({ phone, detail: "中山路 88 号 3 单元" });
    expect((await console_().orders.detail({ orderId })).order.address.phone).toBe(phone);
  });

  test("a viewer cannot find an order by phone digits; the owner can", async () => {
    expect((await asViewer().orders.list({ q: "5550123" })).orders).toEqual([]);
    expect((await console_().orders.list({ q: "5550123" })).orders.map((o) => o.id)).toEqual([orderId]);
  });
});

describe("distributors", () => {
  test("a viewer cannot confirm a distributor's phone by searching its digits; the owner can", async () => {
    expect((await asViewer().distribution.distributors({ q: "13800001001" })).rows).toEqual([]);
    expect((await asViewer().distribution.distributors({ q: "1001" })).total).toBe(0);
    const owner = await console_().distribution.distributors({ q: "13800001001" });
    expect(owner.rows.map((r) => r.phone)).toEqual(["13800001001"]);
    // By name the viewer still finds them, with the phone masked.
    const byName = await asViewer().distribution.distributors({ q: "孙悦" });
    expect(byName.rows.map((r) => r.phone)).toEqual(["138****1001"]);
  });
});

describe("unmasked reads are logged (who, whose, where, when)", () => {
  const logged = async () => (await console_().members.piiAccess()).filter((a) => a.createdAt.getTime() > Date.now() - 60_000);
  test("the owner opening the order and the lists is logged with the buyer; a viewer's masked reads are not, and cannot read the log", async () => {
    const before = (await logged()).length;
    await asViewer().orders.detail({ orderId });
    await asViewer().orders.list({ pageSize: 100 });
    await asViewer().distribution.distributors({});
    expect((await logged()).length).toBe(before);
    expect((await rejection(asViewer().members.piiAccess())).code).toBe("FORBIDDEN");

    const buyer = (await console_().orders.detail({ orderId })).order.buyerName;
    const [detail] = await logged();
    expect(detail).toMatchObject({ surface: "orders.detail", orderIds: [orderId], subjects: 1, subjectNames: [buyer] });
    expect(detail!.actorName).toBe(w.owner.name);
    await console_().orders.list({ pageSize: 5 });
    expect((await logged())[0]).toMatchObject({ surface: "orders.list" });
    await console_().distribution.distributors({});
    const [dist] = await logged();
    expect(dist!.surface).toBe("distributors.list");
    expect(dist!.subjects).toBeGreaterThan(0);
  });
});
