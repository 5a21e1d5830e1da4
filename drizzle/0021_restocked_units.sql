-- A refund or return puts back the units it names, once (review: a 1-fen refund with restock
-- put the whole order back, and every further refund did again). The line counts what has gone
-- back to stock; the refund names which units it returns.
ALTER TABLE order_lines ADD COLUMN IF NOT EXISTS restocked_qty integer NOT NULL DEFAULT 0;
--> statement-breakpoint
ALTER TABLE order_lines ADD CONSTRAINT order_lines_restocked CHECK (restocked_qty between 0 and quantity);
--> statement-breakpoint
ALTER TABLE refunds ADD COLUMN IF NOT EXISTS lines jsonb NOT NULL DEFAULT '[]'::jsonb;
--> statement-breakpoint
-- What the old code already put back: a cancelled order, and every order with a restocking refund, whole.
UPDATE order_lines l SET restocked_qty = l.quantity
  FROM orders o
 WHERE o.tenant_id = l.tenant_id AND o.id = l.order_id
   AND (o.status = 'cancelled'
        OR EXISTS (SELECT 1 FROM refunds r WHERE r.tenant_id = l.tenant_id AND r.order_id = l.order_id AND r.restock AND r.status = 'succeeded'));
--> statement-breakpoint
-- An open restocking request keeps its old meaning: the units not yet back.
UPDATE refunds r SET lines = coalesce((
         SELECT jsonb_agg(jsonb_build_object('lineId', l.id, 'quantity', l.quantity - l.restocked_qty))
           FROM order_lines l WHERE l.tenant_id = r.tenant_id AND l.order_id = r.order_id AND l.quantity > l.restocked_qty), '[]'::jsonb)
 WHERE r.restock AND r.status IN ('requested', 'pending', 'failed') AND r.kind <> 'void';
