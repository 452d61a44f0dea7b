// The on-call API under load on loopback: 50 concurrent clients for 30 s against the inbox
// (GET /api/alerts) and against acknowledge (POST /api/alerts/[id]/actions, a different alert per
// request), on the built app (npm start: a worker per core) and the PostgreSQL server. Afterwards it counts the timeline: every
// 200 must be exactly one acknowledgement event and one acknowledged alert, nothing lost or
// doubled. Also compares the inbox query with the naive "load every alert and sort in Node"
// in the same run, and measures the floor: GET /api/me (session check, no database) under the
// same load. Prints numbers, asserts nothing.
import { randomBytes } from "node:crypto";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { AlertListQuerySchema } from "../lib/alerts/alert-list-query";
import { listAlerts } from "../lib/alerts/list-alerts";
import { createDb } from "../lib/db";
import { ensureDemoUsers } from "../lib/demo/ensure-demo-users";
import { findFreePort } from "../lib/embedded/start-embedded-postgres";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import { ensureBuild, spawnApp } from "../scripts/lib/app-server";
import { createBenchDatabase, dropBenchDatabase } from "./support/bench-database";
import { timed } from "./support/bench-timing";
import { BENCH_WORKERS } from "./support/bench-workers";

const ALERTS = Number(process.env.BENCH_ALERTS ?? 60_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 30);
const root = path.resolve(import.meta.dirname, "..");

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar },
    body: new URLSearchParams({ csrfToken, email, password: "driftwatch", json: "true" }),
  });
  const session = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in as ${email} failed (${response.status})`);
  return session;
}

async function load(name: string, options: autocannon.Options) {
  const times: number[] = [];
  const statuses = new Map<number, number>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      { connections: CONNECTIONS, duration: DURATION, ...options },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on("response", (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      times.push(responseTime);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    });
  });
  times.sort((a, b) => a - b);
  const codes = [...statuses.entries()].map(([code, n]) => `${code}×${n}`).join(" ");
  console.log(
    `${name.padEnd(12)} ${times.length} requests in ${DURATION} s (${(times.length / DURATION).toFixed(0)}/s): ` +
      `median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms; ` +
      `status ${codes}; errors ${result.errors}, timeouts ${result.timeouts}`,
  );
  return statuses;
}

async function main() {
  const name = `driftwatch_bench_alerts_${Date.now()}`;
  const { url, admin } = await createBenchDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db = createDb(url, 4);
  let app: ReturnType<typeof spawnApp> | undefined;
  try {
    await applyMigrations(client);
    await ensureDemoUsers(client);
    // Firing alerts across types, severities and weeks, each with a sent webhook trigger so that
    // acknowledging also writes its lifecycle outbox row, as in production.
    await client.query(
      `INSERT INTO alerts (dedup_key, prediction_type, model_version, finding_kind, severity, state, title, cohort_week, current_value, baseline_value,
                           current_n, baseline_n, threshold, first_seen_at, last_seen_at)
       SELECT t::text || ':bench-' || i || ':accuracy_degradation', t, 'bench-' || i, 'accuracy_degradation',
              (ARRAY['critical','high','medium','low'])[1 + i % 4]::alert_severity, 'firing',
              'Concept drift: ' || t::text || ' bench-' || i || ' — accuracy degradation', DATE '2026-01-05' + 7 * (i % 40),
              0.7, 0.84, 1000, 9000, 0.05, now() - (i || ' minutes')::interval, now() - (i || ' seconds')::interval
       FROM generate_series(1, $1) AS i,
            LATERAL (SELECT (ARRAY['trigger','next_best_action','churn','market_share_impact','risk'])[1 + i % 5]::prediction_type AS t) types`,
      [ALERTS],
    );
    await client.query(
      `INSERT INTO notification_deliveries (alert_id, escalation, channel, action, idempotency_key, status, attempts, sent_at, payload)
       SELECT id, 0, 'webhook', 'trigger', id || ':0:webhook:trigger', 'sent', 1, now(), jsonb_build_object('title', title, 'severity', severity, 'dedupKey', dedup_key)
       FROM alerts`,
    );
    await client.query("VACUUM ANALYZE");
    console.log(
      `${ALERTS.toLocaleString("en-US")} firing alerts, ${CONNECTIONS} connections, ${DURATION} s per run, ${BENCH_WORKERS} app worker(s)`,
    );

    const query = AlertListQuerySchema.parse({});
    const keyset = (await timed(() => listAlerts(db, query), 30, 0)).p50;
    const naive = (
      await timed(
        async () => {
          const all = await db.alert.findMany({ include: { acknowledgedBy: { select: { email: true } } } });
          const rank = { firing: 0, snoozed: 1, acknowledged: 2, resolved: 3 } as const;
          return all
            .sort((a, b) => rank[a.state] - rank[b.state] || b.lastSeenAt.getTime() - a.lastSeenAt.getTime())
            .slice(0, 25);
        },
        5,
        0,
      )
    ).p50;
    console.log(
      `inbox query in-process: ${keyset.toFixed(1)} ms (first page + counts) vs naive load-all-and-sort ${naive.toFixed(0)} ms → ${(naive / keyset).toFixed(0)}× faster`,
    );

    await ensureBuild(root);
    const port = await findFreePort();
    const base = `http://localhost:${port}`;
    app = spawnApp(
      root,
      port,
      {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: url,
        NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
        NEXTAUTH_URL: base,
      },
      true,
      BENCH_WORKERS,
    );
    await app.ready;
    const cookie = await signIn(base, "oncall@driftwatch.local");
    for (let i = 0; i < 20; i++) await fetch(`${base}/api/alerts`, { headers: { cookie } }); // warm-up

    // The floor: a route that checks the session and touches no database, through the same proxy
    // and workers. No request on this server can be faster under the same load.
    await load("floor", { url: `${base}/api/me`, headers: { cookie } });
    await load("inbox", { url: `${base}/api/alerts?limit=25`, headers: { cookie } });
    await load("inbox+filter", {
      url: `${base}/api/alerts?limit=25&severity=critical&type=churn`,
      headers: { cookie },
    });

    const ids = (await client.query<{ id: string }>(`SELECT id FROM alerts ORDER BY random()`)).rows.map(
      (r) => r.id,
    );
    let next = 0;
    const statuses = await load("acknowledge", {
      url: base,
      headers: { cookie, "content-type": "application/json" },
      requests: [
        {
          method: "POST",
          setupRequest: (request) => ({
            ...request,
            path: `/api/alerts/${ids[next++ % ids.length]}/actions`,
            body: JSON.stringify({ action: "acknowledge", note: "bench" }),
          }),
        },
      ],
    });

    // The delivery passes run after the answers (group-committed); let the last ones finish.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const [counts] = (
      await client.query(
        `SELECT (SELECT count(*)::int FROM alerts WHERE state = 'acknowledged') AS acknowledged,
              (SELECT count(*)::int FROM alert_events WHERE kind = 'acknowledged') AS events,
              (SELECT count(*)::int FROM (SELECT alert_id FROM alert_events WHERE kind = 'acknowledged' GROUP BY alert_id HAVING count(*) > 1) d) AS doubled,
              (SELECT count(*)::int FROM notification_deliveries WHERE action = 'acknowledge') AS outbox,
              (SELECT count(*)::int FROM notification_deliveries WHERE action = 'acknowledge' AND status = 'pending') AS undelivered,
              (SELECT count(*)::int FROM alert_events WHERE kind = 'notification' AND note LIKE 'webhook acknowledge:%') AS attempts`,
      )
    ).rows;
    const ok = statuses.get(200) ?? 0;
    // Requests still in flight when the run stops commit without their answer being counted: at
    // most one per connection.
    const consistent =
      counts.acknowledged === counts.events && counts.events === counts.outbox && counts.doubled === 0;
    const inFlight = counts.acknowledged - ok;
    console.log(
      `timeline check: ${ok} acknowledgements answered 200; ${counts.acknowledged} alerts acknowledged, ${counts.events} acknowledgement events, ` +
        `${counts.outbox} webhook outbox rows, ${counts.doubled} alerts with two events, ${inFlight} committed while in flight at the stop → ` +
        `${consistent && inFlight >= 0 && inFlight <= CONNECTIONS ? "nothing lost or doubled" : "MISMATCH"}; ` +
        `webhook acknowledge outbox rows handled after the answers: ${counts.outbox - counts.undelivered} (${counts.attempts} timeline entries), still pending ${counts.undelivered}` +
        (next > ids.length
          ? ` (ids wrapped: ${next - ids.length} requests hit an acknowledged alert and got 409)`
          : ""),
    );
  } finally {
    await app?.stop();
    await db.$disconnect();
    await client.end();
    await dropBenchDatabase(admin, name);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
