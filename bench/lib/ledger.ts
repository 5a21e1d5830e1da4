import { randomUUID } from "node:crypto";
import { copyRows } from "./dataset";
import type { BenchContext } from "./types";

/**
 * The ledger benches' shop (issue 14): one tenant with N active distributors
 * (users + distributors rows, a tax identity each so they may withdraw),
 * built with generate_series; BENCH_LEDGER_DISTRIBUTORS (default 10,000).
 */
export type LedgerDataset = { tenantId: string; users: string[] };

export function ensureLedgerDataset(ctx: BenchContext): Promise<LedgerDataset> {
  const n = Number(process.env.BENCH_LEDGER_DISTRIBUTORS ?? 10_000);
  return ctx.once(`ledger:${n}`, async () => {
    const { sql } = ctx;
    const tenantId = randomUUID();
    await sql`create schema if not exists bench`;
    await copyRows(sql, "tenants", ["id", "slug", "name", "template", "theme"], [[tenantId, `bench-ledger-${n}`, "Bench ledger", "tea", {}]]);
    await sql.unsafe(`create unlogged table bench.ledger_people_${n} (n int primary key, uid uuid not null)`);
    await sql.unsafe(`insert into bench.ledger_people_${n} select g, gen_random_uuid() from generate_series(1, ${n}) g`);
    await sql.begin(async (tx) => {
      await tx.unsafe(`insert into users (id, email, name, phone) select uid, 'l' || n || '-${tenantId.slice(0, 8)}@bench.invalid', 'Ledger ' || n, '2' || lpad(n::text, 10, '0') from bench.ledger_people_${n}`);
      await tx.unsafe(
        `insert into distributors (tenant_id, user_id, code, level, status) select '${tenantId}', uid, 'LD' || lpad(n::text, 7, '0'), 1, 'active' from bench.ledger_people_${n}`,
      );
      await tx.unsafe(
        `insert into tax_profiles (tenant_id, user_id, real_name_enc, id_number_enc, name_masked, id_masked, consent_at)
         select '${tenantId}', uid, 'bench', 'bench', '王*', '1101**********0017', now() from bench.ledger_people_${n}`,
      );
    });
    await sql`analyze users, distributors, tax_profiles`;
    const users = (await sql.unsafe(`select uid::text as uid from bench.ledger_people_${n} order by n`)).map((r) => (r as unknown as { uid: string }).uid);
    ctx.log(`ledger dataset: tenant ${tenantId}, ${n} distributors`);
    return { tenantId, users };
  });
}
