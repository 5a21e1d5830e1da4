/**
 * The tenant's WeChat mini-program: its authorization to the platform's
 * third-party platform and the submissions of its releases (drizzle/0031).
 * The platform's own third-party-platform state (ticket, component token,
 * chosen template) is the global `wechat_component` (global.ts list).
 */
import { sql } from "drizzle-orm";
import { boolean, check, foreignKey, index, integer, jsonb, pgPolicy, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { appUser, createdAt, id, tenantId, tenantIsolation, updatedAt } from "./_shared";
import { releases } from "./design";
import { tenants } from "./global";

const mayRunPlatform = sql`(select app_private.may_run_wechat_platform())`;

/** One row per third-party platform (component app id). System transactions and platform operators only. */
export const wechatComponent = pgTable(
  "wechat_component",
  {
    componentAppid: text("component_appid").primaryKey(),
    verifyTicket: text("verify_ticket"),
    ticketAt: timestamp("ticket_at", { withTimezone: true }),
    /** encryptSecret(component_access_token) */
    accessTokenEnc: text("access_token_enc"),
    tokenExpiresAt: timestamp("token_expires_at", { withTimezone: true }),
    templateId: text("template_id"),
    templateVersion: text("template_version"),
    templateDesc: text("template_desc"),
    updatedAt: updatedAt(),
  },
  () => [pgPolicy("wechat_component_platform", { as: "permissive", for: "all", to: appUser, using: mayRunPlatform, withCheck: mayRunPlatform })],
).enableRLS();

export const AUTHORIZATION_STATUSES = ["authorized", "revoked"] as const;

export const miniprogramAuthorizations = pgTable(
  "miniprogram_authorizations",
  {
    tenantId: tenantId().primaryKey(),
    authorizerAppid: text("authorizer_appid").notNull(),
    /** encryptSecret(authorizer_refresh_token) */
    refreshTokenEnc: text("refresh_token_enc").notNull(),
    accessTokenEnc: text("access_token_enc"),
    accessExpiresAt: timestamp("access_expires_at", { withTimezone: true }),
    status: text("status", { enum: AUTHORIZATION_STATUSES }).notNull().default("authorized"),
    nickName: text("nick_name").notNull().default(""),
    principalName: text("principal_name").notNull().default(""),
    funcInfo: jsonb("func_info").$type<number[]>().notNull().default([]),
    authorizedAt: timestamp("authorized_at", { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({ name: "miniprogram_authorizations_tenant_fk", columns: [t.tenantId], foreignColumns: [tenants.id] }),
    index("miniprogram_authorizations_appid_idx").on(t.authorizerAppid),
    check("miniprogram_authorizations_status", sql`${t.status} in ('authorized', 'revoked')`),
    tenantIsolation("miniprogram_authorizations"),
  ],
).enableRLS();

export const SUBMISSION_STATUSES = ["pending", "checking", "auditing", "audit_failed", "audit_delayed", "passed", "released", "reverted", "failed", "withdrawn"] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
/** Statuses of a submission still under way: one at a time per shop (WeChat allows one version in review). */
export const OPEN_SUBMISSION_STATUSES = ["pending", "checking", "auditing", "audit_delayed"] as const satisfies readonly SubmissionStatus[];

export type TimelineEntry = { at: string; status: SubmissionStatus; note?: string };
/** One WeChat call: the endpoint (no token), what was sent and WeChat's answer. */
export type CallLogEntry = { at: string; api: string; request: unknown; response: unknown; ms: number };

export const miniprogramSubmissions = pgTable(
  "miniprogram_submissions",
  {
    tenantId: tenantId(),
    id: id(),
    releaseVersion: integer("release_version").notNull(),
    authorizerAppid: text("authorizer_appid").notNull(),
    templateId: text("template_id").notNull(),
    userVersion: text("user_version").notNull(),
    extJson: jsonb("ext_json").$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: SUBMISSION_STATUSES }).notNull().default("pending"),
    auditId: text("audit_id"),
    reason: text("reason").notNull().default(""),
    /** i18n key (errors.wechat.*) of the failure the merchant sees */
    errorKey: text("error_key"),
    autoRelease: boolean("auto_release").notNull().default(false),
    timeline: jsonb("timeline").$type<TimelineEntry[]>().notNull().default([]),
    calls: jsonb("calls").$type<CallLogEntry[]>().notNull().default([]),
    createdBy: uuid("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ name: "miniprogram_submissions_release_fk", columns: [t.tenantId, t.releaseVersion], foreignColumns: [releases.tenantId, releases.version] }),
    index("miniprogram_submissions_recent_idx").on(t.tenantId, t.createdAt),
    index("miniprogram_submissions_audit_idx").on(t.tenantId, t.auditId),
    tenantIsolation("miniprogram_submissions"),
  ],
).enableRLS();
