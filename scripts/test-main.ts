// npm test: the whole suite (vitest unit + integration, then the Playwright journeys) against the
// PostgreSQL server on 127.0.0.1:5432 (or TEST_DATABASE_URL) in a throw-away database, or against
// embedded PGlite when no server answers.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import {
  type EmbeddedPostgres,
  findFreePort,
  startEmbeddedPostgres,
} from "../lib/embedded/start-embedded-postgres";
import { NotificationEnvSchema } from "../lib/env";
import { ensureBuild, run, spawnApp } from "./lib/app-server";
import { findInngestCli, type InngestCli } from "./lib/inngest-dev";
import { prepareDemoDatabase } from "./lib/prepare-database";
import { skippedBlock, summariseVitest, type VitestReport } from "./lib/vitest-report";

const root = process.cwd();
const argv = process.argv.slice(2);
const args = new Set(argv.filter((arg) => arg.startsWith("--")));
// `npm test -- test/integration/x.test.ts e2e/y.spec.ts …`: only those vitest files and journeys,
// on the same throw-away database the whole suite uses. A developer's loop, not what CI runs.
const named = argv.filter((arg) => !arg.startsWith("--"));
const isJourney = (file: string) => file.endsWith(".spec.ts");
const only = named.filter((file) => !isJourney(file));
const onlyJourneys = named.filter(isJourney);
const LOCAL_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres";
const results = path.join(root, "test-results");
const ENGINE_TESTS = "test/integration/inngest-engine.test.ts";

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function onServer(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

type Counts = { passed: number; failed: number; skipped: number };

/** The vitest counts, and the loud block naming what did not run (printed again above the closing line). */
function readVitest(strict: boolean): Counts & { block: string } {
  const file = path.join(results, "vitest.json");
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0, block: "" };
  const summary = summariseVitest(JSON.parse(readFileSync(file, "utf8")) as VitestReport, root, strict);
  const block = skippedBlock(summary, strict);
  if (block) console.log(`\n${block}`);
  return { ...summary, block };
}

function readPlaywright(): Counts {
  const file = path.join(results, "playwright.json");
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const { stats, errors } = JSON.parse(readFileSync(file, "utf8"));
  return {
    passed: stats.expected + stats.flaky,
    failed: stats.unexpected + (errors?.length ?? 0),
    skipped: stats.skipped,
  };
}

async function main() {
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const seed = 42;
  const now = new Date();
  let embedded: EmbeddedPostgres | undefined;
  let adminUrl: string | undefined;
  let url: string;
  let dbName = "";

  const explicit = process.env.TEST_DATABASE_URL;
  // --embedded forces PGlite even when a server answers (to check the fallback).
  if (!args.has("--embedded") && (explicit || (await canConnect(LOCAL_SERVER)))) {
    adminUrl = explicit ?? LOCAL_SERVER;
    dbName = `driftwatch_test_${now.getTime()}_${process.pid}`;
    await onServer(adminUrl, `CREATE DATABASE "${dbName}"`);
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${dbName}`;
    url = parsed.toString();
    console.log(
      `▶ Database: PostgreSQL server at ${parsed.host}${explicit ? " (TEST_DATABASE_URL)" : ""}, throw-away database ${dbName}`,
    );
  } else {
    embedded = await startEmbeddedPostgres();
    url = embedded.url;
    console.log(
      args.has("--embedded")
        ? "▶ Database: embedded PGlite (forced with --embedded)"
        : "▶ Database: embedded PGlite (no PostgreSQL server answered on 127.0.0.1:5432; set TEST_DATABASE_URL to use one)",
    );
  }

  const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
  let skippedNotice = "";
  let engine: InngestCli | undefined;
  const add = (counts: Counts) => {
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped;
  };
  // The suite must never page anyone or talk to a real Inngest: channels and Inngest settings of
  // the developer's shell are dropped (tests point channels at local receivers themselves).
  for (const variable of Object.keys(NotificationEnvSchema.shape))
    if (variable !== "NEXTAUTH_URL") delete process.env[variable];
  try {
    // Lint and format first: a lint error fails the run like a failing test (it is cheap, ~1 s).
    console.log("\n▶ Lint and format (Biome)");
    const lint = await run(
      path.join(root, "node_modules", ".bin", "biome"),
      ["check", "."],
      root,
      process.env,
    )
      .then(() => true)
      .catch(() => false);
    if (lint) totals.passed += 1;
    else {
      totals.failed += 1;
      console.log("!! Biome found problems: `npm run lint` lists them, `npm run format` fixes the layout.");
    }
    await prepareDemoDatabase(url, { seed, now });
    const testEnv = {
      ...process.env,
      DATABASE_URL: url,
      TEST_DATABASE_URL: url,
      TEST_DB_MODE: embedded ? "embedded" : "server",
      DEMO_SEED: String(seed),
      DEMO_NOW: now.toISOString(),
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    };

    // The real Inngest engine for ENGINE_TESTS: INNGEST_CLI, or the shared build beside the
    // repository. Without one they are skipped, loudly, except in CI, where they must run.
    const ci = process.env.CI === "true";
    const wantsEngine = named.length === 0 || only.some((file) => ENGINE_TESTS.includes(file));
    const found = embedded || !wantsEngine ? undefined : await findInngestCli(root);
    const vitestArgs = ["run", ...(embedded ? ["--no-file-parallelism"] : []), ...only];
    if (found && "path" in found) {
      engine = found;
      Object.assign(testEnv, { INNGEST_CLI: engine.path });
      console.log(`\n▶ Inngest engine: inngest ${engine.version} from ${engine.source} (${ENGINE_TESTS})`);
      // The engine tests run the built app beside the dev server.
      await ensureBuild(root);
    } else if (found && "missing" in found) {
      console.log(
        `\n${"!".repeat(100)}\n!! INNGEST ENGINE TESTS ${ci ? "CANNOT RUN (CI=true: counted as failed)" : "SKIPPED"}: ${found.missing}.\n!! Set INNGEST_CLI to an \`inngest\` binary (the dev server) to run ${ENGINE_TESTS}.\n${"!".repeat(100)}`,
      );
      if (ci) totals.failed += 1;
      else {
        totals.skipped += 1;
        vitestArgs.push("--exclude", ENGINE_TESTS);
      }
    }

    if (named.length > 0 && only.length === 0) {
      console.log("\n▶ Unit and integration tests skipped (only journeys named).");
    } else {
      console.log("\n▶ Unit and integration tests (vitest)");
      await run(path.join(root, "node_modules", ".bin", "vitest"), vitestArgs, root, testEnv).catch(() => {});
      // On the server every test must run (CI runs this way): a skipped one fails the run.
      const vitest = readVitest(!embedded);
      add(vitest);
      skippedNotice = vitest.block;
    }

    const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
    if (args.has("--skip-e2e") || (named.length > 0 && onlyJourneys.length === 0)) {
      console.log(
        `\n▶ Browser journeys skipped (${named.length > 0 ? "only vitest files named" : "--skip-e2e"}).`,
      );
    } else if (!existsSync(chromium)) {
      console.log(
        `\n${"!".repeat(100)}\n!! BROWSER JOURNEYS SKIPPED: no Chromium at ${chromium}.\n!! Install it with \`apt-get install -y chromium\` (Debian/Ubuntu) or set CHROMIUM_PATH, then run npm test again.\n${"!".repeat(100)}`,
      );
      totals.skipped += 1;
    } else {
      console.log("\n▶ Browser journeys (Playwright, Chromium at " + chromium + ")");
      await ensureBuild(root);
      const port = await findFreePort();
      const appEnv = {
        ...testEnv,
        NODE_ENV: "production" as const,
        NEXTAUTH_URL: `http://localhost:${port}`,
        DRIFTWATCH_DEMO: "1",
      };
      // Two workers, as `npm start` runs on a 2-core machine, so the journeys cross processes
      // (one worker signs in, the other serves the next page); one on PGlite (a single session).
      const app = spawnApp(root, port, appEnv, true, embedded ? 1 : 2);
      try {
        await app.ready;
        await run(path.join(root, "node_modules", ".bin", "playwright"), ["test", ...onlyJourneys], root, {
          ...appEnv,
          BASE_URL: app.url,
          CHROMIUM_PATH: chromium,
        }).catch(() => {});
      } finally {
        await app.stop();
      }
      add(readPlaywright());
    }
  } finally {
    if (adminUrl)
      await onServer(adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((error) =>
        console.error(`Could not drop ${dbName}: ${error.message}`),
      );
    await embedded?.stop();
    engine?.cleanUp();
  }
  if (skippedNotice) console.log(`\n${skippedNotice}`);
  console.log(`\nDatabase used: ${embedded ? "embedded PGlite" : "PostgreSQL server"}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
