import { ROLES, type Role } from "../vocabulary";

/**
 * What each role may do (SPEC §7). Server code asks `can(role, action)`; the UI asks the same. The
 * roles are ordered viewer < analyst < oncall < admin, each allowed what the one before it is:
 * an analyst annotates the charts, oncall also acts on alerts, admin also manages.
 */
export const permissions = {
  read: ROLES,
  "annotations:write": ["analyst", "oncall", "admin"],
  "alerts:act": ["oncall", "admin"],
  "admin:manage": ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

/** A sentence saying who may do it, for disabled buttons and 403 answers. */
export function whoCan(permission: Permission): string {
  const roles: readonly Role[] = permissions[permission];
  const named = roles.length > 1 ? `${roles.slice(0, -1).join(", ")} and ${roles.at(-1)}` : roles[0];
  return `Only ${named} users can do this.`;
}
