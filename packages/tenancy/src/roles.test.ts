/** Roles inside a tenant (PRODUCT.md §2.2): who may change what, who may grant which role. */
import { describe, expect, test } from "vitest";
import { AppError } from "../../core/src/errors";
import { PERMISSIONS, TENANT_ROLES, assertCan, assertKeepsOwner, can, canAssign, type Permission, type Role } from "./roles";

/**
 * The matrix as PRODUCT.md §2.2 states it, written out independently of PERMISSIONS:
 * owner and admin do everything; operator: catalog, orders, decoration (and the
 * distribution programme); finance: settlement, withdrawals, tax; viewer: reads only.
 */
const EXPECTED: Record<Role, Record<Permission, boolean>> = {
  owner: { "settings.update": true, "members.manage": true, "catalog.write": true, "orders.write": true, "orders.refund": true, "decoration.write": true, "finance.write": true, "distribution.write": true, "tenant.read": true },
  admin: { "settings.update": true, "members.manage": true, "catalog.write": true, "orders.write": true, "orders.refund": true, "decoration.write": true, "finance.write": true, "distribution.write": true, "tenant.read": true },
  operator: { "settings.update": false, "members.manage": false, "catalog.write": true, "orders.write": true, "orders.refund": false, "decoration.write": true, "finance.write": false, "distribution.write": true, "tenant.read": true },
  finance: { "settings.update": false, "members.manage": false, "catalog.write": false, "orders.write": false, "orders.refund": true, "decoration.write": false, "finance.write": true, "distribution.write": false, "tenant.read": true },
  viewer: { "settings.update": false, "members.manage": false, "catalog.write": false, "orders.write": false, "orders.refund": false, "decoration.write": false, "finance.write": false, "distribution.write": false, "tenant.read": true },
};

describe("permissions matrix", () => {
  test("the roles are the five of PRODUCT.md §2.2", () => {
    expect([...TENANT_ROLES].sort()).toEqual(["admin", "finance", "operator", "owner", "viewer"]);
  });

  test("every permission is covered by the expected matrix (a new permission needs a decision here)", () => {
    for (const role of TENANT_ROLES) expect(Object.keys(EXPECTED[role]).sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  const cells = TENANT_ROLES.flatMap((role) => (Object.keys(PERMISSIONS) as Permission[]).map((p) => [role, p, EXPECTED[role][p]] as const));

  test.each(cells)("%s → %s: %s", (role, permission, allowed) => {
    expect(can(role, permission)).toBe(allowed);
    if (allowed) expect(() => assertCan(role, permission)).not.toThrow();
    else {
      let err: unknown;
      try {
        assertCan(role, permission);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: "FORBIDDEN", key: "forbiddenRole", params: { permission } });
    }
  });

  test("a viewer can change nothing", () => {
    const writes = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => p !== "tenant.read");
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.filter((p) => can("viewer", p))).toEqual([]);
  });

  test("every member can read", () => {
    expect(TENANT_ROLES.filter((r) => !can(r, "tenant.read"))).toEqual([]);
  });
});

describe("canAssign (who may grant which role)", () => {
  const all = TENANT_ROLES.flatMap((actor) =>
    ([null, ...TENANT_ROLES] as (Role | null)[]).flatMap((from) => TENANT_ROLES.map((to) => [actor, from, to] as const)),
  );

  /** Independent statement of the rule: only members.manage roles assign; only an owner touches owners. */
  function expected(actor: Role, from: Role | null, to: Role): boolean {
    if (actor === "owner") return true;
    if (actor === "admin") return from !== "owner" && to !== "owner";
    return false;
  }

  test.each(all)("actor %s, from %s, to %s", (actor, from, to) => {
    expect(canAssign(actor, from, to)).toBe(expected(actor, from, to));
  });

  test("an owner may make another owner and demote one", () => {
    expect(canAssign("owner", "admin", "owner")).toBe(true);
    expect(canAssign("owner", "owner", "viewer")).toBe(true);
  });

  test("an admin may not promote to owner, demote an owner, or invite an owner", () => {
    expect(canAssign("admin", "viewer", "owner")).toBe(false);
    expect(canAssign("admin", "owner", "admin")).toBe(false);
    expect(canAssign("admin", null, "owner")).toBe(false);
    // ...but manages everyone below owner, including other admins.
    expect(canAssign("admin", "admin", "viewer")).toBe(true);
    expect(canAssign("admin", null, "admin")).toBe(true);
  });

  test.each(["operator", "finance", "viewer"] as const)("%s may assign nothing, not even viewer", (actor) => {
    expect(canAssign(actor, null, "viewer")).toBe(false);
    expect(canAssign(actor, "viewer", "viewer")).toBe(false);
  });
});

describe("assertKeepsOwner (a tenant always keeps an owner)", () => {
  function thrown(f: () => void): unknown {
    try {
      f();
    } catch (e) {
      return e;
    }
    return undefined;
  }

  test.each([null, "admin", "operator", "finance", "viewer"] as const)("the only owner cannot become %s", (to) => {
    const e = thrown(() => assertKeepsOwner("owner", to, 1));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: "CONFLICT", key: "lastOwner" });
  });

  test("with a second owner, an owner can step down or be removed", () => {
    expect(thrown(() => assertKeepsOwner("owner", "admin", 2))).toBeUndefined();
    expect(thrown(() => assertKeepsOwner("owner", null, 2))).toBeUndefined();
  });

  test("the only owner staying owner is fine", () => {
    expect(thrown(() => assertKeepsOwner("owner", "owner", 1))).toBeUndefined();
  });

  test.each(["admin", "operator", "finance", "viewer"] as const)("changing or removing a %s never trips the rule", (from) => {
    expect(thrown(() => assertKeepsOwner(from, "viewer", 1))).toBeUndefined();
    expect(thrown(() => assertKeepsOwner(from, null, 1))).toBeUndefined();
    expect(thrown(() => assertKeepsOwner(from, "owner", 1))).toBeUndefined();
  });
});
