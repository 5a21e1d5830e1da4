/**
 * One app process of the checkout bench (bench/benches/checkout.ts): places
 * and pays orders through the shop API (createCaller, the code the HTTP API
 * runs) from CONCURRENCY shoppers at once until END_AT, waits for the
 * commissions their payments started in the background, then prints
 * {"orders":n,"seconds":s,"cpuMs":c} on stdout.
 */
import { openDatabase } from "../../packages/db/src/client";
import { withContext } from "../../packages/db/src/context";
import { getSelf } from "../../packages/db/src/queries/users";
import { createCaller } from "../../packages/api/src/root";
import { drainsIdle } from "../../packages/db/src/flows/commissions";
import { simulatorRuntime } from "../../packages/payments/src/simulator";

const env = (k: string) => {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is required`);
  return v;
};
const url = env("BENCH_DB_URL");
const skus = env("BENCH_SKUS").split(",");
const startAt = Number(env("BENCH_START_AT"));
const endAt = Number(env("BENCH_END_AT"));
const concurrency = Number(env("BENCH_CONCURRENCY"));

const database = await openDatabase({ kind: "postgres", url, max: Number(env("BENCH_POOL")) });
try {
  const user = await withContext(database.db, { userId: env("BENCH_SHOPPER") }, (tx) => getSelf(tx));
  const api = createCaller({ db: database.db, user, locale: "zh-CN", activeTenantId: null, payments: simulatorRuntime() });
  const addressId = (await api.shop.addresses({ shop: "tea" }))[0]!.id;
  let n = 0;
  const buy = async () => {
    const skuId = skus[Math.floor(Math.random() * skus.length)]!;
    const { url } = await api.shop.checkout({ shop: "tea", items: [{ skuId, quantity: 1 }], addressId, idempotencyKey: crypto.randomUUID() });
    const r = await api.shop.simulate({ shop: "tea", paymentId: url!.split("/pay/")[1]!, outcome: "complete" });
    if (!r.result.applied) throw new Error(`payment not applied: ${JSON.stringify(r.result)}`);
    n++;
  };
  // Warm up until the common start (plans, prepared statements, JIT).
  while (Date.now() < startAt) await buy();
  n = 0;
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < endAt) await buy();
    }),
  );
  // The payments' commissions are made in the background (drainInBackground): their time counts too.
  await drainsIdle();
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ orders: n, seconds: (Date.now() - t0) / 1000, cpuMs: (cpu.user + cpu.system) / 1000 }));
} finally {
  await database.close();
}
