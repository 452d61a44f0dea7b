// npm run demo: Driftwatch on an embedded PostgreSQL (PGlite) with demo data, or on DATABASE_URL.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_PASSWORD, DEMO_USERS } from "../lib/demo/demo-users";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "../lib/embedded/start-embedded-postgres";
import { EnvError, parseDatabaseUrl, parseEnv } from "../lib/env";
import { MigrationError } from "../lib/migrations/apply-migrations";
import { type AppServer, ensureBuild, isPortFree, spawnApp } from "./lib/app-server";
import { findInngestCli, type InngestCli, type InngestDevServer, startInngestDev } from "./lib/inngest-dev";
import { prepareDemoDatabase } from "./lib/prepare-database";

const root = process.cwd();
// DRIFTWATCH_DATA_DIR lets benchmarks start a demo without touching the developer's .data folder.
const dataDir = path.resolve(process.env.DRIFTWATCH_DATA_DIR ?? path.join(root, ".data"));

function fail(message: string): never {
  console.error(`\n✗ ${message}`);
  process.exit(1);
}

/** A secret kept in .data so sessions survive restarts of the demo. */
function demoSecret(): string {
  const file = path.join(dataDir, "nextauth-secret");
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return readFileSync(file, "utf8").trim();
}

/** Refuses to open the embedded data folder while another demo process has it open. */
function lockDataDir(): () => void {
  const lock = path.join(dataDir, "pglite.pid");
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, "utf8"));
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid !== process.pid;
    } catch {}
    if (alive)
      fail(`Another demo (process ${pid}) is using ${path.relative(root, dataDir)}/pglite. Stop it first.`);
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

async function main() {
  const started = performance.now();
  const port = Number(process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    fail(`PORT must be a port number, got "${process.env.PORT}".`);
  if (!(await isPortFree(port)))
    fail(`Port ${port} is already in use. Stop what is using it, or choose another: PORT=3001 npm run demo`);
  mkdirSync(dataDir, { recursive: true });

  let embedded: EmbeddedPostgres | undefined;
  let unlock = () => {};
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    // Checked before anything else, so a malformed URL is reported by name.
    parseDatabaseUrl();
    console.log(`Using the PostgreSQL server at ${new URL(databaseUrl).host} (DATABASE_URL).`);
  } else {
    unlock = lockDataDir();
    console.log(
      `Starting embedded PostgreSQL (PGlite), data in ${path.relative(root, dataDir) || "."}/pglite …`,
    );
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "pglite") });
    databaseUrl = embedded.url;
  }
  const env = {
    ...process.env,
    NODE_ENV: "production" as const,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? demoSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    DRIFTWATCH_DEMO: "1",
  };
  parseEnv(env);

  let mode = "";
  let app: AppServer | undefined;
  let engine: InngestDevServer | undefined;
  let cli: InngestCli | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping Driftwatch…");
    await app?.stop();
    await engine?.stop();
    cli?.cleanUp();
    await embedded?.stop();
    unlock();
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    await prepareDemoDatabase(databaseUrl, { seed: Number(process.env.DEMO_SEED ?? 42), now: new Date() });
    await ensureBuild(root);
    // The schedules run on the Inngest dev server when there is one (INNGEST_CLI, the shared build
    // beside the repository, or the inngest-cli npm package); else "Run now" runs in-process.
    // DEMO_INNGEST=0 keeps it in-process.
    const found =
      process.env.INNGEST_DEV || process.env.INNGEST_EVENT_KEY
        ? null
        : process.env.DEMO_INNGEST === "0"
          ? { missing: "DEMO_INNGEST=0" }
          : await findInngestCli(root, { npm: true });
    if (found && "path" in found) {
      cli = found;
      try {
        engine = await startInngestDev(cli.path, `http://127.0.0.1:${port}/api/inngest`);
        Object.assign(env, { INNGEST_DEV: "1", INNGEST_BASE_URL: engine.url });
        mode = `Inngest dev server ${engine.url} (inngest ${cli.version} from ${cli.source}): the crons fire on their real schedule and Run now goes through it`;
      } catch (error) {
        mode = `in-process: the Inngest dev server did not start (${(error as Error).message.split("\n")[0]}); nothing fires by itself, Run now runs the loop here`;
      }
    } else if (found) {
      mode = `in-process, no Inngest engine (${found.missing}): nothing fires by itself; Run now runs the loop here`;
    } else {
      mode = `the Inngest server in your environment (${process.env.INNGEST_BASE_URL ?? (process.env.INNGEST_DEV ? "dev server at http://127.0.0.1:8288" : "Inngest Cloud")})`;
    }
    app = spawnApp(root, port, env);
    await app.ready;
  } catch (error) {
    console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
    await shutdown(1);
    return;
  }
  app.child.once("exit", (code) => {
    if (!stopping) {
      console.error(`The app stopped unexpectedly (exit ${code}).`);
      void shutdown(1);
    }
  });
  console.log(`
  Driftwatch is running at ${app.url}  (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)
  Schedules: ${mode}
  Sign in with ${DEMO_USERS.map((user) => user.email).join(", ")}
  password: ${DEMO_PASSWORD}.  Press Ctrl-C to stop.
`);
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof MigrationError) fail(error.message);
  console.error(error);
  process.exit(1);
});
