// Dashboard speed at ~1M predictions: server response time of `/` and `/drift/churn` (median and
// p95 over 50 signed-in requests against the built app as `npm start` runs it) and largest contentful paint in headless
// Chromium. Set BENCH_DASHBOARD_DB=<database> to reuse a database a previous run kept
// (BENCH_KEEP=1). Prints numbers, asserts nothing; targets: p95 ≤ 200 ms, LCP ≤ 1.5 s.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { chromium } from "@playwright/test";
import pg from "pg";
import { analyzeConceptDrift } from "../lib/alerts/analyze-concept-drift";
import { createDb } from "../lib/db";
import { DEMO_PASSWORD } from "../lib/demo/demo-users";
import { ensureDemoUsers } from "../lib/demo/ensure-demo-users";
import { findFreePort } from "../lib/embedded/start-embedded-postgres";
import { runFeedbackLoop } from "../lib/labeling/run-feedback-loop";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { ensureBuild, spawnApp } from "../scripts/lib/app-server";
import { BENCH_WORKERS } from "./support/bench-workers";
import {
  BENCH_SERVER,
  createBenchDatabase,
  loadMillionPredictions,
  summarize,
} from "./support/million-predictions";

const REQUESTS = 50;
const PAGES = ["/", "/drift/churn"];
const root = path.resolve(import.meta.dirname, "..");
const now = new Date();

async function prepareDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const reuse = process.env.BENCH_DASHBOARD_DB;
  if (reuse) {
    const url = new URL(BENCH_SERVER);
    url.pathname = `/${reuse}`;
    console.log(`reusing database ${reuse}`);
    // A database kept by an older checkout may lack newer migrations (the app would answer 503).
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await applyMigrations(client);
    } finally {
      await client.end();
    }
    return { url: url.toString(), drop: async () => {} };
  }
  const name = `driftwatch_dash_bench_${Date.now()}`;
  const { url, admin } = await createBenchDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = createDb(url, 4);
  try {
    let t = performance.now();
    const total = await loadMillionPredictions(client, now);
    await ensureDemoUsers(client);
    console.log(
      `loaded ${total.toLocaleString("en-US")} predictions in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
    t = performance.now();
    const runs = await runFeedbackLoop({ db, now, batchSize: 10_000 });
    await analyzeConceptDrift({ db, now });
    await client.query("ANALYZE");
    console.log(
      `labeled ${runs.reduce((sum, run) => sum + run.evaluated, 0).toLocaleString("en-US")} and analysed drift in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );
  } finally {
    await db.$disconnect();
    await client.end();
  }
  return {
    url,
    drop: async () => {
      if (process.env.BENCH_KEEP)
        return console.log(`kept database ${name} (BENCH_DASHBOARD_DB=${name} reuses it)`);
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Signs in through next-auth's credentials endpoint as the demo viewer; returns the Cookie header. */
async function signIn(base: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.join("; ") },
    body: new URLSearchParams({
      csrfToken,
      email: "viewer@driftwatch.local",
      password: DEMO_PASSWORD,
      json: "true",
    }),
  });
  const session = response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .find((cookie) => cookie.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed (${response.status})`);
  return session;
}

async function serverTimes(base: string, cookie: string, page: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS + 3; i++) {
    const t = performance.now();
    const response = await fetch(base + page, { headers: { Cookie: cookie } });
    await response.text();
    if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
    if (i >= 3) times.push(performance.now() - t); // the first three warm the server up
  }
  return times;
}

async function largestContentfulPaint(
  base: string,
  cookie: string,
  page: string,
  runs = 5,
): Promise<number[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const [name, value] = cookie.split("=");
  const results: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addCookies([{ name, value, url: base }]);
      const tab = await context.newPage();
      await tab.goto(base + page, { waitUntil: "load" });
      await tab.waitForTimeout(1500); // LCP settles after hydration draws the charts
      results.push(
        await tab.evaluate(
          () =>
            new Promise<number>((resolve) => {
              new PerformanceObserver((list) => resolve(list.getEntries().at(-1)!.startTime)).observe({
                type: "largest-contentful-paint",
                buffered: true,
              });
            }),
        ),
      );
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

async function main() {
  const database = await prepareDatabase();
  await ensureBuild(root);
  const port = await findFreePort();
  const base = `http://localhost:${port}`;
  const app = spawnApp(
    root,
    port,
    {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: database.url,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      NEXTAUTH_URL: base,
    },
    true,
    BENCH_WORKERS,
  );
  try {
    await app.ready;
    const cookie = await signIn(base);
    for (const page of PAGES) {
      const server = summarize(await serverTimes(base, cookie, page));
      const lcp = summarize(await largestContentfulPaint(base, cookie, page));
      console.log(
        `${page.padEnd(13)} server response (${REQUESTS} requests): median ${server.median.toFixed(0)} ms, p95 ${server.p95.toFixed(0)} ms; ` +
          `LCP (5 loads): median ${lcp.median.toFixed(0)} ms, max ${lcp.p95.toFixed(0)} ms`,
      );
    }
  } finally {
    await app.stop();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
