/**
 * Bonus day (PRODUCT.md §4.6, §5.6) on the seeded tea shop, whose last month
 * has team bonuses: nothing before the shop's day; on it, each team bonus and
 * the top teams' rewards reach available once, however many workers run it;
 * a suspended distributor is paid nothing; a refund of that month found on
 * the next bonus day takes the difference back.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { rowsOf, type Database, type Db } from "../src/client";
import { withTenant } from "../src/context";
import { payBonusDay, runBonusDays } from "../src/flows/bonus-day";
import { verifyAllLedgers } from "../src/flows/ledger-verify";
import { distributorBalances } from "../src/queries/ledger";
import { teamBonusAmounts } from "../src/queries/distributors";
import { seedDemo } from "../src/seed";
import { createTestDatabase } from "../src/testing";
import { addDays, previousMonth } from "../../ledger/src";

const database: Database = await createTestDatabase();
const db: Db = database.db;
let teaId: string;
let month: string; // YYYY-MM, the seeded month with team bonuses
let bonuses: { user_id: string; amount_fen: number; code: string }[];

const truth = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q));
const available = (userId: string) => withTenant(db, teaId, (tx) => distributorBalances(tx, teaId, userId)).then((b) => b.availableFen);
const bonusTransfers = () => truth<{ n: number }>(sql`select count(*)::int as n from ledger_transfers where tenant_id = ${teaId} and kind = 'bonus' and memo ? 'run'`).then((r) => r[0]!.n);
/** Noon in Shanghai on a local date. */
const noonOn = (date: string) => new Date(`${date}T04:00:00Z`);

beforeAll(async () => {
  ({ teaId } = await seedDemo(db));
  const [m] = await truth<{ month: string }>(sql`select to_char(max(month), 'YYYY-MM') as month from team_bonuses where tenant_id = ${teaId}`);
  month = m!.month;
  bonuses = await truth(sql`select b.user_id::text, b.amount_fen, d.code from team_bonuses b join distributors d on d.tenant_id = b.tenant_id and d.user_id = b.user_id
                             where b.tenant_id = ${teaId} and b.month = ${`${month}-01`}::date order by d.code`);
  expect(bonuses.length).toBeGreaterThanOrEqual(1);
  await db.execute(sql`update distribution_settings set bonus_rules = ${JSON.stringify({ day: 25, topTeams: [{ upToRank: 1, amountFen: 20_000 }, { upToRank: 3, amountFen: 5_000 }] })}::jsonb where tenant_id = ${teaId}`);
});
afterAll(async () => {
  await database.close();
});

// The month after the seeded one: its 24th and its 25th.
const payMonthFirst = () => addDays(`${month}-01`, 40).slice(0, 8) + "01";

test("before the shop's day nothing is paid; on it, the team bonus and the top teams reach available once, whatever the workers", async () => {
  const day24 = noonOn(`${payMonthFirst().slice(0, 8)}24`);
  const day25 = noonOn(`${payMonthFirst().slice(0, 8)}25`);
  const top = await truth<{ user_id: string; team: number }>(sql`
    select s.user_id::text, s.team_sales_fen::int as team from distributor_month_stats s join distributors d on d.tenant_id = s.tenant_id and d.user_id = s.user_id and d.status = 'active'
     where s.tenant_id = ${teaId} and s.month = ${`${month}-01`}::date and s.team_sales_fen > 0 order by s.team_sales_fen desc, d.code limit 3`);
  const before = new Map(await Promise.all([...new Set([...bonuses.map((b) => b.user_id), ...top.map((t) => t.user_id)])].map(async (u) => [u, await available(u)] as const)));

  expect((await runBonusDays(db, day24)).filter((r) => r.tenantId === teaId)).toEqual([]);
  expect(await bonusTransfers()).toBe(0);

  // Two servers on the same tick: one pays, the other finds it claimed.
  const [a, b] = await Promise.all([runBonusDays(db, day25), runBonusDays(db, day25)]);
  const ran = [...a, ...b].filter((r) => r.tenantId === teaId);
  expect(ran).toHaveLength(1);
  expect(ran[0]).toMatchObject({ month, ok: true, result: { teamBonuses: bonuses.length, topTeams: top.length } });
  const paid = await bonusTransfers();
  expect(paid).toBe(bonuses.length + top.length);

  const expected = new Map<string, number>();
  for (const x of bonuses) expected.set(x.user_id, (expected.get(x.user_id) ?? 0) + x.amount_fen);
  top.forEach((t, i) => expected.set(t.user_id, (expected.get(t.user_id) ?? 0) + (i === 0 ? 20_000 : 5_000)));
  for (const [u, fen] of expected) expect((await available(u)) - before.get(u)!).toBe(fen);

  // The next day, and the same month paid again by hand: nothing more.
  await runBonusDays(db, noonOn(`${payMonthFirst().slice(0, 8)}26`));
  await payBonusDay(db, teaId, month);
  expect(await bonusTransfers()).toBe(paid);
});

test("a refund of the paid month found on the next bonus day takes the difference back, once", async () => {
  // A refund after the month was paid: one of its orders in a bonus holder's team given back in full.
  const holder = bonuses[0]!;
  const [order] = await truth<{ id: string }>(sql`
    select o.id::text from orders o join order_uplines u on u.tenant_id = o.tenant_id and u.order_id = o.id
     where o.tenant_id = ${teaId} and ${holder.user_id}::uuid = any(u.chain) and to_char(o.paid_at at time zone 'Asia/Shanghai', 'YYYY-MM') = ${month}
     order by o.total_fen desc limit 1`);
  expect(order).toBeTruthy();
  await db.execute(sql`update order_lines set refunded_fen = line_total_fen where tenant_id = ${teaId} and order_id = ${order!.id}`);
  const dueNow = await withTenant(db, teaId, (tx) => teamBonusAmounts(tx, teaId, `${month}-01`));
  const dueFen = dueNow?.earned.get(holder.user_id)?.amount ?? 0;
  expect(dueFen).toBeLessThan(holder.amount_fen);

  // Someone else with a bonus is suspended before the next bonus day: a taking-back still applies, nothing new is paid.
  const next = addDays(`${payMonthFirst()}`, 40).slice(0, 8) + "25";
  const result = await payBonusDay(db, teaId, previousMonth(next));
  expect(result.adjustedMonth).toBe(month);
  expect(result.adjustments).toBeGreaterThanOrEqual(1);
  const adjustment = () =>
    truth<{ memo: { paidFen: number; dueFen: number }; fen: number }>(sql`
      select t.memo, e.amount_fen::int as fen from ledger_transfers t
        join ledger_entries e on e.tenant_id = t.tenant_id and e.transfer_id = t.id
        join ledger_accounts a on a.tenant_id = e.tenant_id and a.id = e.account_id and a.kind = 'distributor_available' and a.owner_id = ${holder.user_id}
       where t.tenant_id = ${teaId} and t.idempotency_key like ${`bonus:team-adjust:${month}:${holder.user_id}:%`}`);
  const [adj] = await adjustment();
  expect(adj!.memo).toMatchObject({ paidFen: holder.amount_fen, dueFen });
  expect(adj!.fen).toBe(dueFen - holder.amount_fen);
  // Again: the same adjustment is not made twice.
  await payBonusDay(db, teaId, previousMonth(next));
  expect(await adjustment()).toHaveLength(1);
});

test("a suspended distributor's team bonus is not paid on bonus day", async () => {
  const other = await withTenant(db, teaId, async (tx) => {
    const [d] = rowsOf<{ user_id: string }>(await tx.execute(sql`select user_id::text from distributors where tenant_id = ${teaId} and status = 'active' order by code desc limit 1`));
    return d!.user_id;
  });
  // A bonus of a later month for them, then suspension before its bonus day.
  const later = addDays(`${month}-01`, 40).slice(0, 7);
  await db.execute(sql`insert into team_bonuses (tenant_id, user_id, month, team_sales_fen, amount_fen, reason) values (${teaId}, ${other}, ${`${later}-01`}::date, 100000, 3000, '{"rateBps":500,"thresholdFen":10000,"baseFen":100000,"differentialFen":0}'::jsonb)
                     on conflict do nothing`);
  await db.execute(sql`update distributors set status = 'suspended' where tenant_id = ${teaId} and user_id = ${other}`);
  const before = await available(other);
  const r = await payBonusDay(db, teaId, later);
  expect(r.skippedSuspended).toBeGreaterThanOrEqual(1);
  expect(await available(other)).toBe(before);
});

test("every bonus day above leaves the ledger balanced", async () => {
  expect((await verifyAllLedgers(db)).problems).toEqual([]);
});
