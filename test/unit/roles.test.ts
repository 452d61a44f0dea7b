import { describe, expect, it } from "vitest";
import { can, type Permission, permissions, whoCan } from "@/lib/auth/roles";
import { ROLES, type Role } from "@/lib/vocabulary";

const cases: { role: Role; permission: Permission; allowed: boolean }[] = [
  { role: "viewer", permission: "read", allowed: true },
  { role: "viewer", permission: "annotations:write", allowed: false },
  { role: "viewer", permission: "alerts:act", allowed: false },
  { role: "viewer", permission: "admin:manage", allowed: false },
  { role: "analyst", permission: "read", allowed: true },
  { role: "analyst", permission: "annotations:write", allowed: true },
  { role: "analyst", permission: "alerts:act", allowed: false },
  { role: "analyst", permission: "admin:manage", allowed: false },
  { role: "oncall", permission: "read", allowed: true },
  { role: "oncall", permission: "annotations:write", allowed: true },
  { role: "oncall", permission: "alerts:act", allowed: true },
  { role: "oncall", permission: "admin:manage", allowed: false },
  { role: "admin", permission: "read", allowed: true },
  { role: "admin", permission: "annotations:write", allowed: true },
  { role: "admin", permission: "alerts:act", allowed: true },
  { role: "admin", permission: "admin:manage", allowed: true },
];

describe("role permissions (SPEC §7)", () => {
  it.each(cases)("$role may $permission: $allowed", ({ role, permission, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it("orders the roles viewer < analyst < oncall < admin: each may do all the one before it may", () => {
    const roles: Role[] = ["viewer", "analyst", "oncall", "admin"];
    expect(ROLES).toEqual(roles);
    for (const permission of Object.keys(permissions) as Permission[])
      for (let i = 1; i < roles.length; i++)
        if (can(roles[i - 1], permission)) expect(can(roles[i], permission)).toBe(true);
  });

  it("explains who may act", () => {
    expect(whoCan("annotations:write")).toBe("Only analyst, oncall and admin users can do this.");
    expect(whoCan("alerts:act")).toBe("Only oncall and admin users can do this.");
    expect(whoCan("admin:manage")).toBe("Only admin users can do this.");
  });
});
