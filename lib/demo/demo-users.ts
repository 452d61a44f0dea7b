import type { Role } from "../vocabulary";

/** The three demo accounts; they exist only in a database seeded by the demo (DRIFTWATCH_DEMO=1). */
export const DEMO_PASSWORD = "driftwatch";
export const DEMO_USERS: readonly { email: string; name: string; role: Role }[] = [
  { email: "viewer@driftwatch.local", name: "Vera Viewer", role: "viewer" },
  { email: "oncall@driftwatch.local", name: "Owen Oncall", role: "oncall" },
  { email: "admin@driftwatch.local", name: "Ada Admin", role: "admin" },
];
