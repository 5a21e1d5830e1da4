import { z } from "zod";
import { TENANT_ROLES } from "./roles";

/**
 * The zod schemas shared by the API and the forms. Messages are keys under
 * "errors" in messages/*.json so both sides show them in the user's language.
 */
export const RESERVED_SLUGS = new Set([
  "www", "admin", "api", "app", "console", "agency", "platform", "s", "static", "assets", "cdn",
  "mail", "email", "help", "support", "docs", "blog", "status", "login", "signin", "sign-in",
  "signup", "sign-up", "logout", "auth", "oauth", "account", "billing", "pay", "payment",
  "shop", "store", "mall", "m", "wx", "wechat", "mp", "dev", "test", "staging", "root", "system",
  "_next", "public", "invite", "onboarding", "localhost",
]);

export const slugSchema = z
  .string({ error: "slug.required" })
  .trim()
  .toLowerCase()
  .min(3, { error: "slug.tooShort" })
  .max(32, { error: "slug.tooLong" })
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, { error: "slug.format" })
  .refine((s) => !RESERVED_SLUGS.has(s), { error: "slug.reserved" });

export const tenantNameSchema = z
  .string({ error: "name.required" })
  .trim()
  .min(2, { error: "name.tooShort" })
  .max(40, { error: "name.tooLong" });

/** A host name we can route: lower-case labels, at least one dot, no scheme or path. */
export const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, { error: "domain.format" })
  .regex(/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { error: "domain.format" });

const TIME_ZONES = typeof Intl.supportedValuesOf === "function" ? new Set(Intl.supportedValuesOf("timeZone")) : null;

export const timeZoneSchema = z
  .string()
  .refine((tz) => tz === "UTC" || (TIME_ZONES ? TIME_ZONES.has(tz) : true), { error: "timeZone.invalid" });

export const wechatAppIdSchema = z
  .string()
  .trim()
  .regex(/^wx[0-9a-f]{16}$/, { error: "wechatAppId.format" });

const optional = <T extends z.ZodType>(s: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), s.nullable());

export const createTenantInput = z.object({
  name: tenantNameSchema,
  slug: slugSchema,
  template: z.string({ error: "template.required" }).min(1, { error: "template.required" }),
});
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export const tenantSettingsInput = z.object({
  name: tenantNameSchema,
  slug: slugSchema,
  logoUrl: optional(z.url({ protocol: /^https?$/, error: "logoUrl.format" }).trim().max(500)),
  timeZone: timeZoneSchema,
  customDomain: optional(domainSchema),
  wechatAppId: optional(wechatAppIdSchema),
});
export type TenantSettingsInput = z.infer<typeof tenantSettingsInput>;

export const roleSchema = z.enum(TENANT_ROLES, { error: "role.invalid" });

export const inviteInput = z.object({
  email: z.string().trim().toLowerCase().email({ error: "email.format" }),
  role: roleSchema,
});

export const changeRoleInput = z.object({ userId: z.uuid({ error: "notFound" }), role: roleSchema });
export const removeMemberInput = z.object({ userId: z.uuid({ error: "notFound" }) });

export const localUserInput = z.object({
  name: z.string().trim().min(1, { error: "name.required" }).max(40, { error: "name.tooLong" }),
  email: z.string().trim().toLowerCase().email({ error: "email.format" }),
});
