import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DistributionSummary,
  InputsOutputsQuery,
  loadInputsOutputs,
} from "@/lib/dashboard/load-inputs-outputs";
import type { DbOrTx } from "@/lib/db";
import { computeVersionDrifts } from "@/lib/distribution-drift/compute-feature-drift";
import { ensureBinnedWeeks } from "@/lib/distribution-drift/ensure-binned-weeks";
import { loadBinnedProfile } from "@/lib/distribution-drift/load-binned-profile";
import { loadProfileCells, loadWeekTotals } from "@/lib/distribution-drift/load-feature-profile";
import { judgedWeek, referenceWeeksOf } from "@/lib/distribution-drift/reference-weeks";
import { refreshFeatureRollups } from "@/lib/distribution-drift/refresh-feature-rollups";
import { loadReferencePeriods } from "@/lib/drift/load-reference-periods";
import { readSettings } from "@/lib/settings/read-settings";
import type { PredictionType } from "@/lib/vocabulary";
import { JsonColumn } from "../../lib/ingest/json-column";
import { isEmbedded, useTestDb } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// Issue 19, speed of the reads: the analysis and the panel read the profile already in the bins
// fixed from each version's reference (feature_bin_weeks). Every number they show must be the one
// computed from the daily fine rollup (feature_rollups), itself checked against the raw JSON.

/**
 * Every version's drift computed both ways, for the given reference weeks (default: the
 * analysis's). `bin`: bin first as the analysis does (else read what the analysis left).
 */
async function bothWays(
  db: DbOrTx,
  now: Date,
  options: { bin: boolean; referenceOf?: (weeks: { week: string; predictions: number }[]) => string[] },
) {
  const { referenceOf } = options;
  const settings = await readSettings(db);
  const pinned = await loadReferencePeriods(db);
  const judged = judgedWeek(now, settings.timezone);
  const out: { key: string; fine: unknown; binned: unknown; slice: unknown; fineSlice: unknown }[] = [];
  for (const [key, entry] of await loadWeekTotals(db)) {
    const { predictionType, modelVersion, weeks } = entry;
    const referenceWeeks =
      referenceOf?.(weeks) ??
      referenceWeeksOf(weeks, judged, {
        count: settings.baselineWeeks,
        minPredictions: settings.minCurrentN,
        pinned: pinned.get(key) ?? null,
      });
    const fine = computeVersionDrifts({
      cells: await loadProfileCells(db, predictionType, modelVersion),
      weeks,
      referenceWeeks,
    });
    if (options.bin) await ensureBinnedWeeks(db, { predictionType, modelVersion, referenceWeeks });
    const binned = await loadBinnedProfile(db, { predictionType, modelVersion, referenceWeeks });
    // Nothing left to bin: every week is read.
    expect({ key, current: binned.current, pending: binned.pendingWeeks }).toEqual({
      key,
      current: true,
      pending: [],
    });
    // The analysis's slice: the reference weeks and the judged week only.
    const sliceWeeks = [...referenceWeeks, judged];
    const sliceTotals = weeks.filter((w) => sliceWeeks.includes(w.week));
    const fineSlice = computeVersionDrifts({
      cells: await loadProfileCells(db, predictionType, modelVersion, sliceWeeks),
      weeks: sliceTotals,
      referenceWeeks,
    });
    const slice = await loadBinnedProfile(db, {
      predictionType,
      modelVersion,
      referenceWeeks,
      weeks: sliceWeeks,
    });
    out.push({
      key,
      fine,
      binned: computeVersionDrifts({ ...binned, weeks, referenceWeeks }),
      fineSlice,
      slice: computeVersionDrifts({ ...slice, weeks: sliceTotals, referenceWeeks }),
    });
  }
  return out;
}

describe("the binned profile of the demo", () => {
  const db = useTestDb();
  const now = new Date(process.env.DEMO_NOW!);

  it("gives every version's drift exactly as the fine rollup does: counts, PSI, JS, p, missing share, new categories", async () => {
    // As the demo's analysis left it: every version binned, every week (the page bins nothing).
    const results = await bothWays(db, now, { bin: false });
    expect(results.length).toBeGreaterThanOrEqual(5);
    for (const result of results) {
      expect(result.binned, result.key).toEqual(result.fine);
      expect(result.slice, result.key).toEqual(result.fineSlice);
    }
    // Not vacuous: churn-4.1's rep_visits_90d moved, with counts in every bin.
    const churn = results.find((r) => r.key === "churn|churn-4.1")!.binned as ReturnType<
      typeof computeVersionDrifts
    >;
    const visits = churn.features.find((f) => f.feature === "rep_visits_90d")!;
    expect(visits.reference.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(1000);
    expect(visits.weeks.some((w) => (w.psi ?? 0) > 0.2)).toBe(true);
  });

  it("keeps about a dozen rows per (week, feature): never more than the feature's bins", async () => {
    const [worst] = await db.$queryRaw<{ rows: number; bins: number }[]>`
      SELECT count(*)::int AS rows, max(coalesce(cardinality(b.edges) + 1, cardinality(b.categories) + 1))::int AS bins
      FROM feature_bin_weeks w
      JOIN feature_bins b USING (prediction_type, model_version, feature, kind)
      WHERE w.bin >= 0
      GROUP BY w.prediction_type, w.model_version, w.week, w.feature, w.kind
      ORDER BY count(*) - max(coalesce(cardinality(b.edges) + 1, cardinality(b.categories) + 1)) DESC
      LIMIT 1`;
    expect(worst.rows).toBeLessThanOrEqual(worst.bins);
    expect(worst.bins).toBeLessThanOrEqual(21);
  });
});

describe.skipIf(isEmbedded())("the binned profile kept up to date", () => {
  let iso: IsolatedSchema;
  beforeAll(async () => {
    iso = await createIsolatedSchema();
  });
  afterAll(() => iso.drop());
  const now = new Date("2026-04-15T12:00:00Z");

  const ingest = (prefix: string, days: string[], features: (i: number) => unknown) =>
    iso.client.query(
      `SELECT * FROM ingest_predictions($1::text[], $2::prediction_type[], $3::text[], $4::float8[], $5::timestamptz[],
         $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text)`,
      [
        days.map((_, i) => `${prefix}-${i}`),
        days.map(() => "churn"),
        days.map(() => "v1"),
        days.map((_, i) => ((i * 37) % 100) / 100),
        days.map((day, i) => `${day}T${String(i % 24).padStart(2, "0")}:00:00Z`),
        days.map((_, i) => `H${i}`),
        days.map(() => null),
        days.map(() => "Norvexa"),
        days.map(() => "West"),
        days.map(() => null),
        days.map(() => null),
        new JsonColumn(days.map((_, i) => features(i))).toParameter(),
      ],
    );
  /** `per` predictions on each of the 14 Mondays before 2026-04-13 and on 2026-04-07. */
  const days = (per: number) => {
    const out: string[] = [];
    for (let w = 0; w < 14; w++) {
      const day = new Date(Date.UTC(2026, 0, 5 + 7 * w)).toISOString().slice(0, 10);
      for (let i = 0; i < per; i++) out.push(day);
    }
    return out;
  };
  const check = async (referenceOf?: (weeks: { week: string }[]) => string[]) => {
    await refreshFeatureRollups(iso.db, "churn");
    const results = await bothWays(iso.db, now, { bin: true, referenceOf });
    expect(results).toHaveLength(1);
    expect(results[0].binned).toEqual(results[0].fine);
    expect(results[0].slice).toEqual(results[0].fineSlice);
    return results[0].binned as ReturnType<typeof computeVersionDrifts>;
  };

  it("bins a week again when its days are profiled again, and the bins when a reference week changes", async () => {
    const type: PredictionType = "churn";
    await ingest("a", days(60), (i) => ({
      x: ((i * 7919) % 1000) / 7,
      c: ["red", "green", "blue", "grey"][i % 4],
      b: i % 3 === 0,
      n: i % 9 === 0 ? null : i % 5,
      deep: i % 10 === 0 ? { nested: 1 } : "ok",
    }));
    const first = await check();
    const edgesBefore = await iso.db.$queryRaw<{ edges: number[] }[]>`
      SELECT edges FROM feature_bins WHERE prediction_type = ${type}::prediction_type AND feature = 'x'`;
    expect(first.features.map((f) => f.feature)).toEqual(["b", "c", "deep", "n", "x"]);

    // Late predictions in the judged week (2026-04-06): a new category, a value beyond every edge.
    await ingest("late", ["2026-04-07", "2026-04-07", "2026-04-08"], (i) => ({
      x: 1e6 + i,
      c: i === 0 ? "purple" : "red",
      b: true,
    }));
    const second = await check();
    const c = second.features.find((f) => f.feature === "c")!;
    expect(c.weeks.find((w) => w.week === "2026-04-06")?.newCategories).toEqual(["purple"]);
    // The reference did not change: the same edges.
    expect(
      await iso.db
        .$queryRaw`SELECT edges FROM feature_bins WHERE prediction_type = ${type}::prediction_type AND feature = 'x'`,
    ).toEqual(edgesBefore);

    // A late prediction in a reference week moves the reference: the bins are fixed again.
    await ingest("ref", ["2026-01-06"], () => ({ x: -50, c: "blue" }));
    await check();
    const [{ built }] = await iso.db.$queryRaw<{ built: string }[]>`
      SELECT reference_key AS built FROM feature_bin_versions WHERE prediction_type = ${type}::prediction_type`;
    expect(built.startsWith("2026-01-05=2/61/")).toBe(true);
  });

  it("fixes the bins again for another reference (an admin's pinned range), and back", async () => {
    const referenceKey = async () =>
      (await iso.db.$queryRaw<{ key: string }[]>`SELECT reference_key AS key FROM feature_bin_versions`)[0]
        .key;
    const firstFour = await check((weeks) => weeks.slice(0, 4).map((w) => w.week));
    expect(firstFour.features.find((f) => f.feature === "x")?.reference.weeks).toHaveLength(4);
    expect((await referenceKey()).split(";")).toHaveLength(4);
    await check();
    expect((await referenceKey()).split(";")).toHaveLength(12);
  });

  it("the page only reads: a week profiled since the analysis binned it, or another reference, is named and not computed", async () => {
    const stored = async () =>
      (
        await iso.db.$queryRaw<{ rows: number; sources: string; bins: string }[]>`
          SELECT (SELECT count(*)::int FROM feature_bin_weeks) AS rows,
                 (SELECT string_agg(source_key, ';' ORDER BY week) FROM feature_bin_week_sources) AS sources,
                 (SELECT string_agg(reference_key, ';') FROM feature_bin_versions) AS bins`
      )[0];
    const view = () =>
      loadInputsOutputs(iso.db, InputsOutputsQuery.parse({ type: "churn", version: "v1" }), now);
    const before = await stored();
    const weeks = (summary: DistributionSummary | null) => summary?.series.map((point) => point.week);
    expect(weeks((await view()).predicted)).toHaveLength(14);

    // Profiled (as the analysis's first step does), not binned yet: the judged week is left out.
    await ingest("later", ["2026-04-09"], () => ({ x: 3, c: "red" }));
    await refreshFeatureRollups(iso.db, "churn");
    const pending = await view();
    expect(pending.notBinned).toEqual({ reference: false, weeks: ["2026-04-06"] });
    expect(pending.week).toBe("2026-04-06");
    expect(weeks(pending.predicted)).toHaveLength(13);
    expect(weeks(pending.predicted)).not.toContain("2026-04-06");
    expect(pending.predicted?.psi).toBeNull();
    expect(pending.histogram).toBeNull();
    expect(pending.features.map((f) => f.feature)).toEqual(["b", "c", "deep", "n", "x"]);
    // Another reference (an admin's new pin, before the analysis): nothing shown, every week named.
    const other = await loadBinnedProfile(iso.db, {
      predictionType: "churn",
      modelVersion: "v1",
      referenceWeeks: ["2026-01-05", "2026-01-12"],
    });
    expect(other).toMatchObject({ current: false, cells: [] });
    expect(other.pendingWeeks).toHaveLength(14);
    expect(await stored()).toEqual(before);

    // The analysis bins it; the page then shows every week again.
    await check();
    const binned = await view();
    expect(binned.notBinned).toBeNull();
    expect(weeks(binned.predicted)).toHaveLength(14);
    expect(binned.histogram?.week).toBe("2026-04-06");
  });
});
