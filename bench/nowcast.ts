// Nowcast backtest over the demo's mature history (SPEC §4.2, issue 17). Each binary type's main
// versions: development curves from the version's first 12 mature weeks (the reference), then every
// later mature week is nowcast as of each age 1…k weeks using only the labels decided by then
// (early_decided_on ≤ the as-of day: the deciding event plus the source lag), and compared with
// the week's realized accuracy. Prints per type and age: weeks, decided share, MAE and bias in
// accuracy points, 90 % interval coverage. Asserts nothing.
// BENCH_NOWCAST_DB=<url of a loaded demo database> reuses one; otherwise a throw-away database on
// the bench server gets the demo (DEMO_SEED, default 42, as of BENCH_NOWCAST_NOW or now), labeled
// by the feedback loop, and is dropped afterwards. BENCH_NOWCAST_TYPES (comma-separated) limits the
// types; BENCH_NOWCAST_MISSES=1 prints every week the interval missed (estimate, interval, realized,
// and the share of the week's own early labels decided by then against the reference curve's).
import pg from "pg";
import { createDb } from "../lib/db";
import { loadDemoData } from "../lib/demo/load-demo-data";
import { runFeedbackLoop } from "../lib/labeling/run-feedback-loop";
import { applyMigrations } from "../lib/migrations/apply-migrations";
import type { DevelopmentCurve } from "../lib/nowcast/development-curve";
import { EARLY_CLASS } from "../lib/nowcast/early-class";
import { estimateNowcast, type Interval, type NowcastCell } from "../lib/nowcast/estimate-nowcast";
import { hashSeed } from "../lib/random";
import { createBenchDatabase, dropBenchDatabase } from "./support/bench-database";
import { curvesFromRows, type LabeledRow, REFERENCE_WEEKS } from "./support/demo-replay";

const DAY = 86_400_000;
const ONLY_TYPES = process.env.BENCH_NOWCAST_TYPES
  ? new Set(process.env.BENCH_NOWCAST_TYPES.split(","))
  : null;
const SHOW_MISSES = process.env.BENCH_NOWCAST_MISSES === "1";
const now = new Date(process.env.BENCH_NOWCAST_NOW ?? Date.now());
const seed = Number(process.env.DEMO_SEED ?? 42);

async function prepare(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (process.env.BENCH_NOWCAST_DB) return { url: process.env.BENCH_NOWCAST_DB, drop: async () => {} };
  const name = `bench_nowcast_${process.pid}`;
  const { url, admin } = await createBenchDatabase(name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await applyMigrations(client);
  process.stdout.write("Loading the demo… ");
  await loadDemoData(client, { seed, now });
  await client.end();
  const db = createDb(url, 2);
  await runFeedbackLoop({ db, now, triggeredBy: "bench" });
  await db.$disconnect();
  console.log("labeled.");
  return { url, drop: () => dropBenchDatabase(admin, name) };
}

const { url, drop } = await prepare();
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const { rows: rules } = await client.query(
    `SELECT prediction_type AS type, observation_window_days AS window, source_lag_days AS lag FROM labeling_rules ORDER BY 1`,
  );
  for (const rule of rules) {
    const earlyClass = EARLY_CLASS[rule.type as keyof typeof EARLY_CLASS];
    if (ONLY_TYPES && !ONLY_TYPES.has(rule.type)) continue;
    if (earlyClass === null) {
      console.log(`\n${rule.type}: no early class, no nowcast`);
      continue;
    }
    const { rows } = await client.query<LabeledRow>(
      `WITH s AS (SELECT "timezone" AS tz FROM drift_settings WHERE id = 1),
            r AS (SELECT * FROM labeling_rules WHERE prediction_type = $1),
            mature AS (SELECT model_version, prediction_week FROM v_concept_drift_metrics
                       WHERE prediction_type = $1 AND maturity = 'mature' AND sample_size > 0),
            rows AS (SELECT p.* FROM predictions p JOIN mature m ON m.model_version = p.model_version
                       AND m.prediction_week = date_trunc('week', prediction_day(p.predicted_at, (SELECT tz FROM s)))::date
                     WHERE p.prediction_type = $1 AND p.label IN ('POSITIVE', 'NEGATIVE'))
       SELECT x.model_version AS version, to_char(prediction_day(x.predicted_at, s.tz), 'YYYY-MM-DD') AS day,
              x.predicted_value AS p, x.actual_outcome::int AS y, d.decided_on - prediction_day(x.predicted_at, s.tz) AS decided_age
       FROM rows x CROSS JOIN s
       LEFT JOIN (SELECT e.* FROM r CROSS JOIN s CROSS JOIN LATERAL early_decided_on(ARRAY(SELECT q FROM predictions q JOIN rows x ON x.id = q.id), r, s.tz) e) d ON d.id = x.id`,
      [rule.type],
    );
    const maturityDays = rule.window + rule.lag;
    const maxAge = Math.ceil((maturityDays + 6) / 7);
    const byAge = new Map<
      number,
      { weeks: number; absError: number; signed: number; covered: number; decided: number }
    >();
    const versions = [...new Set(rows.map((row) => row.version))].sort();
    for (const version of versions) {
      const weeks = new Map<string, LabeledRow[]>();
      for (const row of rows.filter((x) => x.version === version)) {
        const monday = mondayOf(row.day);
        weeks.set(monday, [...(weeks.get(monday) ?? []), row]);
      }
      const ordered = [...weeks.keys()].filter((w) => (weeks.get(w)?.length ?? 0) >= 50).sort();
      if (ordered.length <= REFERENCE_WEEKS) continue;
      const curves = curvesFromRows(
        ordered.slice(0, REFERENCE_WEEKS).flatMap((w) => weeks.get(w) ?? []),
        earlyClass,
        maturityDays,
      );
      for (const week of ordered.slice(REFERENCE_WEEKS)) {
        const members = weeks.get(week) ?? [];
        const realized = members.filter((x) => (x.p >= 0.5 ? 1 : 0) === x.y).length / members.length;
        for (let age = 1; age < maxAge; age++) {
          const cells = cellsOf(members, week, 7 * age, earlyClass, maturityDays);
          const nowcast = estimateNowcast({
            earlyClass,
            cells,
            reference: curves,
            seed: hashSeed(rule.type, version, week, age),
            options: { draws: 400 },
          });
          if (!nowcast) continue;
          const entry = byAge.get(age) ?? { weeks: 0, absError: 0, signed: 0, covered: 0, decided: 0 };
          entry.weeks++;
          entry.absError += Math.abs(nowcast.accuracy.estimate - realized);
          entry.signed += nowcast.accuracy.estimate - realized;
          entry.decided += nowcast.decidedShare;
          if (nowcast.accuracy.low <= realized && realized <= nowcast.accuracy.high) entry.covered++;
          else if (SHOW_MISSES)
            console.log(
              missLine(
                rule.type,
                version,
                week,
                age,
                nowcast.accuracy,
                realized,
                members,
                curves,
                earlyClass,
              ),
            );
          byAge.set(age, entry);
        }
      }
    }
    console.log(
      `\n${rule.type} (window ${rule.window} d + lag ${rule.lag} d; versions ${versions.join(", ")})`,
    );
    console.log("age(w)  weeks  decided  MAE(pts)  bias(pts)  coverage90");
    for (const [age, e] of [...byAge].sort((a, b) => a[0] - b[0]))
      console.log(
        [
          String(age).padStart(6),
          String(e.weeks).padStart(5),
          `${((100 * e.decided) / e.weeks).toFixed(0)} %`.padStart(7),
          ((100 * e.absError) / e.weeks).toFixed(2).padStart(8),
          ((100 * e.signed) / e.weeks).toFixed(2).padStart(9),
          `${((100 * e.covered) / e.weeks).toFixed(0)} %`.padStart(10),
        ].join("  "),
      );
  }
} finally {
  await client.end();
  await drop();
}

function mondayOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
}

/** The rollup's view of a mature week as of `asOfDay` days after its Monday. */
function cellsOf(
  members: readonly LabeledRow[],
  monday: string,
  asOfDay: number,
  earlyClass: 0 | 1,
  maturityDays: number,
): NowcastCell[] {
  const cells = new Map<string, NowcastCell>();
  const start = new Date(`${monday}T00:00:00Z`).getTime();
  for (const row of members) {
    const ageDays = asOfDay - Math.round((new Date(`${row.day}T00:00:00Z`).getTime() - start) / DAY);
    const bin = Math.min(Math.floor(row.p * 10), 9);
    const key = `${bin}:${ageDays}`;
    const cell = cells.get(key) ?? {
      bin,
      ageDays,
      decidedEarly: 0,
      decidedOther: 0,
      undecided: 0,
      sumPredicted: 0,
    };
    cell.sumPredicted += row.p;
    if (row.y === earlyClass && row.decided_age !== null && row.decided_age <= ageDays) cell.decidedEarly++;
    else if (ageDays >= maturityDays) {
      if (row.y === earlyClass) cell.decidedEarly++;
      else cell.decidedOther++;
    } else cell.undecided++;
    cells.set(key, cell);
  }
  return [...cells.values()];
}

/** One missed week: estimate, interval, realized, and its early labels' decided share against the curve's. */
function missLine(
  type: string,
  version: string,
  week: string,
  age: number,
  accuracy: Interval,
  realized: number,
  members: readonly LabeledRow[],
  curves: readonly DevelopmentCurve[],
  earlyClass: 0 | 1,
): string {
  const start = new Date(`${week}T00:00:00Z`).getTime();
  let early = 0;
  let decided = 0;
  let expected = 0;
  for (const row of members) {
    if (row.y !== earlyClass) continue;
    const ageDays = 7 * age - Math.round((new Date(`${row.day}T00:00:00Z`).getTime() - start) / DAY);
    early++;
    if (row.decided_age !== null && row.decided_age <= ageDays) decided++;
    const curve = curves[Math.min(Math.floor(row.p * 10), 9)];
    expected +=
      ageDays >= curve.decidedByAge.length
        ? 1
        : (curve.decidedByAge[ageDays] ?? 0) / Math.max(1, curve.eventualEarly);
  }
  const pts = (x: number) => (100 * x).toFixed(1);
  return `  miss ${type} ${version} ${week} at ${age} w: estimate ${pts(accuracy.estimate)} [${pts(accuracy.low)}, ${pts(accuracy.high)}], realized ${pts(realized)}; early decided ${(decided / early).toFixed(3)} (curve ${(expected / early).toFixed(3)}), ${early} early of ${members.length}`;
}
