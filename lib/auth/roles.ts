import { ROLES, type Role } from "../vocabulary";

/** What each role may do (SPEC §7). Server code asks `can(role, action)`; the UI asks the same. */
export const permissions = {
  read: ROLES,
  "alerts:act": ["oncall", "admin"],
  "admin:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

/** A sentence saying who may do it, for disabled buttons and 403 answers. */
export function whoCan(permission: Permission): string {
  const roles = permissions[permission];
  return `Only ${roles.join(" and ")} users can do this.`;
}
