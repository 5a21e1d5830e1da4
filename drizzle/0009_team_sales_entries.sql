CREATE TABLE "team_sales_entries" (
	"tenant_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"month" date NOT NULL,
	"order_id" uuid NOT NULL,
	"entry" text NOT NULL,
	"sales_fen" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_sales_entries_tenant_id_member_id_month_order_id_entry_pk" PRIMARY KEY("tenant_id","member_id","month","order_id","entry")
);
--> statement-breakpoint
ALTER TABLE "team_sales_entries" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "team_sales_entries" ADD CONSTRAINT "team_sales_entries_tenant_id_order_id_orders_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_id") REFERENCES "public"."orders"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "team_sales_entries_tenant_isolation" ON "team_sales_entries" AS PERMISSIVE FOR ALL TO "app_user" USING (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Custom: entries for the orders paid (and refunded) before this migration, as
-- markPaid and applyRefundSucceeded write them from now on. FORCE is lifted so
-- the owner can read every tenant's rows; secure_tables() (run after every
-- migration) forces it again.
-- The primary key carries sales_fen (INCLUDE, which drizzle cannot declare) so
-- a distributor-month's sum is an index-only scan: entries are inserted in
-- order-payment order, one member's scattered over the whole table.
ALTER TABLE "team_sales_entries" DROP CONSTRAINT "team_sales_entries_tenant_id_member_id_month_order_id_entry_pk";--> statement-breakpoint
ALTER TABLE "team_sales_entries" ADD CONSTRAINT "team_sales_entries_tenant_id_member_id_month_order_id_entry_pk" PRIMARY KEY ("tenant_id","member_id","month","order_id","entry") INCLUDE ("sales_fen");--> statement-breakpoint
ALTER TABLE "order_uplines" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "orders" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "order_lines" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "outbox" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "tenants" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "team_sales_entries" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO team_sales_entries (tenant_id, member_id, month, order_id, entry, sales_fen)
SELECT u.tenant_id, m.member_id, date_trunc('month', o.paid_at AT TIME ZONE t.time_zone)::date, u.order_id, 'paid',
       (SELECT coalesce(sum(l.line_total_fen), 0) FROM order_lines l WHERE l.tenant_id = u.tenant_id AND l.order_id = u.order_id)
  FROM order_uplines u
  JOIN orders o ON o.tenant_id = u.tenant_id AND o.id = u.order_id
  JOIN tenants t ON t.id = u.tenant_id
 CROSS JOIN LATERAL unnest(u.chain) AS m(member_id)
 WHERE o.paid_at IS NOT NULL;--> statement-breakpoint
INSERT INTO team_sales_entries (tenant_id, member_id, month, order_id, entry, sales_fen)
SELECT u.tenant_id, m.member_id, date_trunc('month', o.paid_at AT TIME ZONE t.time_zone)::date, u.order_id, x.payload->>'refundId',
       -(SELECT coalesce(sum((l->>'amountFen')::bigint), 0) FROM jsonb_array_elements(x.payload->'lines') l)
  FROM outbox x
  JOIN order_uplines u ON u.tenant_id = x.tenant_id AND u.order_id = x.order_id
  JOIN orders o ON o.tenant_id = u.tenant_id AND o.id = u.order_id
  JOIN tenants t ON t.id = u.tenant_id
 CROSS JOIN LATERAL unnest(u.chain) AS m(member_id)
 WHERE x.topic = 'order.refunded' AND o.paid_at IS NOT NULL;
