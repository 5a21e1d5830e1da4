-- PROPOSED migration (not in drizzle/: the main checkout owns migrations).
-- Found by bench/benches/commission-throughput.ts at 1,000,000 distributors;
-- `BENCH_APPLY_PROPOSED=1 npm run bench …` applies this file to the bench
-- database after the app's migrations to measure it. Mirror it in
-- packages/db/src/schema (global.ts users policy; distribution.ts index).

-- 1. users_tenant_network as correlated EXISTS probes of the primary keys.
-- `id in (select d.user_id from distributors d where d.tenant_id = …)` is an
-- IN inside an OR, so it cannot become a semi-join: it is a SubPlan, hashed
-- only while the tenant's whole network fits in hash_mem. Past that (about
-- 100,000 distributors with the default 4MB work_mem) it is a Materialize
-- scanned linearly for every users row checked: the consumer's anti-fraud
-- join of 500 buyers and beneficiaries took minutes per batch at 1,000,000.
DROP POLICY "users_tenant_network" ON "users";--> statement-breakpoint
CREATE POLICY "users_tenant_network" ON "users" AS PERMISSIVE FOR SELECT TO "app_user" USING (
  exists (select 1 from distributors d where d.tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid) and d.user_id = users.id)
  or exists (select 1 from referral_bindings b where b.tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid) and b.user_id = users.id));--> statement-breakpoint

-- 2. The consumer's burst check counts, per direct beneficiary, the orders of
-- the last hour (upline->0->>'userId', created_at): without an index that is
-- a scan of the tenant's whole order_uplines on every batch.
CREATE INDEX "order_uplines_direct_recent_idx" ON "order_uplines" USING btree ("tenant_id", ((("upline" -> 0) ->> 'userId')::uuid), "created_at");
