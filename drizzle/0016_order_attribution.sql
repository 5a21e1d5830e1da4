-- Which distributor an order is attributed to and why (PRODUCT.md §4.2): a product link, a QR code, or the shopper's binding.
ALTER TABLE "orders" ADD COLUMN "attributed_to" uuid;
--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "attribution" text;
--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_attribution_check" CHECK ("attribution" in ('link', 'qr', 'binding') and "attributed_to" is not null or "attribution" is null and "attributed_to" is null);
