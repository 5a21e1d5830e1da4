import { AppError } from "../../core/src/errors";

export const TENANT_ROLES = ["owner", "admin", "operator", "finance", "viewer"] as const;
export type Role = (typeof TENANT_ROLES)[number];

/** Seniority, for "keep the higher role" decisions (operator and finance are peers). */
export const ROLE_RANK: Record<Role, number> = { owner: 4, admin: 3, operator: 2, finance: 2, viewer: 1 };

/** What each role may change (PRODUCT.md §2.2). Reads are open to every member. */
export const PERMISSIONS = {
  "settings.update": ["owner", "admin"],
  "members.manage": ["owner", "admin"],
  "catalog.write": ["owner", "admin", "operator"],
  "orders.write": ["owner", "admin", "operator"],
  /** Money back to a shopper: approve/refuse returns, refund whole or part. */
  "orders.refund": ["owner", "admin", "finance"],
  "decoration.write": ["owner", "admin", "operator"],
  "finance.write": ["owner", "admin", "finance"],
  "distribution.write": ["owner", "admin", "operator"],
  "tenant.read": ["owner", "admin", "operator", "finance", "viewer"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function assertCan(role: Role, permission: Permission): void {
  if (!can(role, permission)) throw new AppError("FORBIDDEN", "forbiddenRole", { permission });
}

/**
 * Who may grant what: only an owner makes or unmakes owners; an admin manages
 * the roles below owner.
 */
export function canAssign(actor: Role, from: Role | null, to: Role): boolean {
  if (!can(actor, "members.manage")) return false;
  if (actor === "owner") return true;
  return to !== "owner" && from !== "owner";
}

/**
 * A role change (or removal, `to` = null) must leave the tenant at least one owner.
 * `owners` is the number of owners before the change.
 */
export function assertKeepsOwner(from: Role, to: Role | null, owners: number): void {
  if (from === "owner" && to !== "owner" && owners <= 1) {
    throw new AppError("CONFLICT", "lastOwner");
  }
}
