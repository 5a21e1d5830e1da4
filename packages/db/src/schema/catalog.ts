import { sql } from "drizzle-orm";
import { check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tenantId, tenantIsolation, updatedAt } from "./_shared";
import { tenants } from "./global";

export const categories = pgTable(
  "categories",
  {
    tenantId: tenantId(),
    id: id(),
    name: text("name").notNull(),
    sort: integer("sort").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    tenantIsolation("categories"),
  ],
).enableRLS();

export type SpecDimension = { name: string; values: string[] };

export const productStatuses = ["draft", "on_sale", "off"] as const;

export const products = pgTable(
  "products",
  {
    tenantId: tenantId(),
    id: id(),
    categoryId: uuid("category_id"),
    name: text("name").notNull(),
    subtitle: text("subtitle").notNull().default(""),
    description: text("description").notNull().default(""),
    /** Legacy: the emoji placeholder of early templates. Nothing writes or shows it any more (templates ship pictures); drop it in a later migration. */
    emoji: text("emoji"),
    images: jsonb("images").$type<string[]>().notNull().default([]),
    specs: jsonb("specs").$type<SpecDimension[]>().notNull().default([]),
    status: text("status", { enum: productStatuses }).notNull().default("draft"),
    sort: integer("sort").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [categories.tenantId, categories.id] }),
    index("products_tenant_status_idx").on(t.tenantId, t.status, t.sort),
    tenantIsolation("products"),
  ],
).enableRLS();

export const productSkus = pgTable(
  "product_skus",
  {
    tenantId: tenantId(),
    id: id(),
    productId: uuid("product_id").notNull(),
    code: text("code").notNull(),
    /** One value per spec dimension of the product, in order. */
    spec: jsonb("spec").$type<string[]>().notNull().default([]),
    priceFen: integer("price_fen").notNull(),
    costFen: integer("cost_fen").notNull(),
    stock: integer("stock").notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.productId], foreignColumns: [products.tenantId, products.id] }).onDelete("cascade"),
    uniqueIndex("product_skus_code_key").on(t.tenantId, t.code),
    index("product_skus_product_idx").on(t.tenantId, t.productId),
    check("product_skus_price_positive", sql`${t.priceFen} > 0`),
    check("product_skus_cost_nonnegative", sql`${t.costFen} >= 0`),
    check("product_skus_stock_nonnegative", sql`${t.stock} >= 0`),
    tenantIsolation("product_skus"),
  ],
).enableRLS();
