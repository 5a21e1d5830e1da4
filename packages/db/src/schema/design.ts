import { sql } from "drizzle-orm";
import { check, foreignKey, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { PageDocument, ReleaseChanges, ReleaseContent } from "../../../decoration/src";
import type { Theme } from "../../../theme/src";
import { createdAt, id, tenantId, tenantIsolation, updatedAt } from "./_shared";
import { tenants } from "./global";

/** The theme being edited (drafts are never shown to shoppers; a release snapshots them). */
export const designDrafts = pgTable(
  "design_drafts",
  {
    tenantId: tenantId().primaryKey(),
    theme: jsonb("theme").$type<Theme>().notNull(),
    updatedBy: uuid("updated_by"),
    updatedAt: updatedAt(),
  },
  (t) => [foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }), tenantIsolation("design_drafts")],
).enableRLS();

/** The draft of each decorated page: home, category, and landing pages by slug. */
export const storePages = pgTable(
  "store_pages",
  {
    tenantId: tenantId(),
    id: id(),
    kind: text("kind", { enum: ["home", "category", "landing"] }).notNull(),
    /** landing pages only; '' for home and category (unique per kind) */
    slug: text("slug").notNull().default(""),
    title: text("title").notNull().default(""),
    document: jsonb("document").$type<PageDocument>().notNull(),
    updatedBy: uuid("updated_by"),
    updatedAt: updatedAt(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    uniqueIndex("store_pages_kind_slug_key").on(t.tenantId, t.kind, t.slug),
    check("store_pages_slug_kind", sql`(${t.kind} = 'landing') = (${t.slug} <> '')`),
    tenantIsolation("store_pages"),
  ],
).enableRLS();

/**
 * Published snapshots, numbered per shop. Append-only for app_user (no UPDATE
 * or DELETE, drizzle/0028): a rollback is a new release with older content.
 */
export const releases = pgTable(
  "releases",
  {
    tenantId: tenantId(),
    version: integer("version").notNull(),
    content: jsonb("content").$type<ReleaseContent>().notNull(),
    changes: jsonb("changes").$type<ReleaseChanges>().notNull(),
    note: text("note").notNull().default(""),
    createdBy: uuid("created_by"),
    /** the release whose content this one restored */
    rolledBackFrom: integer("rolled_back_from"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.version] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id] }),
    foreignKey({ columns: [t.tenantId, t.rolledBackFrom], foreignColumns: [t.tenantId, t.version] }),
    check("releases_version_positive", sql`${t.version} > 0`),
    tenantIsolation("releases"),
  ],
).enableRLS();
