import type { Role } from "../vocabulary";

/** The demo accounts, one per role; they exist only in a database seeded by the demo (DRIFTWATCH_DEMO=1). */
export const DEMO_PASSWORD = "driftwatch";
export const DEMO_USERS: readonly { email: string; name: string; role: Role }[] = [
  { email: "viewer@driftwatch.local", name: "Vera Viewer", role: "viewer" },
  { email: "analyst@driftwatch.local", name: "Ana Analyst", role: "analyst" },
  { email: "oncall@driftwatch.local", name: "Owen Oncall", role: "oncall" },
  { email: "admin@driftwatch.local", name: "Ada Admin", role: "admin" },
];
