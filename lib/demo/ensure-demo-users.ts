import { hashPassword } from "../auth/password";
import type { Queryable } from "../migrations/apply-migrations";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-users";

/** Creates the demo users if missing (idempotent; existing users are left untouched). */
export async function ensureDemoUsers(client: Queryable): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const user of DEMO_USERS) {
    await client.query(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3::user_role, $4) ON CONFLICT (email) DO NOTHING`,
      [user.email, user.name, user.role, hash],
    );
  }
}
