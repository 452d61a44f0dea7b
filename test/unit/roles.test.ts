import { describe, expect, it } from "vitest";
import { can, type Permission, whoCan } from "@/lib/auth/roles";
import type { Role } from "@/lib/vocabulary";

const cases: { role: Role; permission: Permission; allowed: boolean }[] = [
  { role: "viewer", permission: "read", allowed: true },
  { role: "viewer", permission: "alerts:act", allowed: false },
  { role: "viewer", permission: "admin:manage", allowed: false },
  { role: "oncall", permission: "read", allowed: true },
  { role: "oncall", permission: "alerts:act", allowed: true },
  { role: "oncall", permission: "admin:manage", allowed: false },
  { role: "admin", permission: "read", allowed: true },
  { role: "admin", permission: "alerts:act", allowed: true },
  { role: "admin", permission: "admin:manage", allowed: true },
];

describe("role permissions (SPEC §7)", () => {
  it.each(cases)("$role may $permission: $allowed", ({ role, permission, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it("explains who may act", () => {
    expect(whoCan("alerts:act")).toBe("Only oncall and admin users can do this.");
    expect(whoCan("admin:manage")).toBe("Only admin users can do this.");
  });
});
