// npm run user:create -- --email ada@company.com --name "Ada Admin" --role admin
// Adds a person to DATABASE_URL and prints their first password once: how a new deployment gets its
// first admin, who then manages everyone else under Settings → Users.
import { parseArgs } from "node:util";
import { createDb } from "../lib/db";
import { EnvError, parseDatabaseUrl } from "../lib/env";
import { DomainError } from "../lib/errors";
import { createUser } from "../lib/users/manage-users";
import { CreateUserInput } from "../lib/users/user-input";

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "admin" },
    },
  });
  const parsed = CreateUserInput.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(
      `--${issue.path.join(".")}: ${issue.message}. Usage: npm run user:create -- --email <email> --name <name> [--role viewer|oncall|admin]`,
    );
    process.exit(2);
  }
  const db = createDb(parseDatabaseUrl(), 1);
  try {
    const { user, password } = await createUser({ db, actor: null, now: new Date(), input: parsed.data });
    console.log(`Added ${user.email} (${user.role}). Password, shown only this once: ${password}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError || error instanceof DomainError ? error.message : error);
  process.exit(1);
});
