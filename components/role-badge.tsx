import type { Role } from "@/lib/vocabulary";

/** The user's role as a small coloured label. */
export function RoleBadge({ role }: { role: Role }) {
  return <span className={`badge badge-${role}`}>{role}</span>;
}
