import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshFeatureRollups } from "@/lib/distribution-drift/refresh-feature-rollups";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

// Issue 19: the features JSON profiled into feature_rollups by the loop, not at ingestion; what
// cannot be profiled is counted with its reason, never an error; the number of features tracked
// per type is capped.
describe.skipIf(isEmbedded())("the feature profile rollup", () => {
  let iso: IsolatedSchema;
  beforeAll(async () => {
    iso = await createIsolatedSchema();
  });
  afterAll(() => iso.drop());

  /** Predictions through the ingestion function (which counts them into metric_rollups). */
  const ingest = (version: string, day: string, features: unknown[], idPrefix = `${version}-${day}`) =>
    iso.client.query(
      `SELECT * FROM ingest_predictions($1::text[], $2::prediction_type[], $3::text[], $4::float8[], $5::timestamptz[],
         $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::jsonb[])`,
      [
        features.map((_, i) => `${idPrefix}-${i}`),
        features.map(() => "churn"),
        features.map(() => version),
        features.map(() => 0.3),
        features.map((_, i) => `${day}T0${i % 10}:00:00Z`),
        features.map((_, i) => `H${i}`),
        features.map(() => null),
        features.map(() => "Norvexa"),
        features.map(() => "West"),
        features.map(() => null),
        features.map(() => null),
        features.map((f) => JSON.stringify(f)),
      ],
    );
  const rows = async (version: string) =>
    (
      await iso.client.query(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, feature, kind, bucket, numeric_value, n FROM feature_rollups
          WHERE model_version = $1 ORDER BY day, feature, kind, bucket`,
        [version],
      )
    ).rows;

  it("profiles numbers to two significant digits, the predicted value, categories, booleans and what cannot be profiled", async () => {
    await ingest("v1", "2026-03-02", [
      { visits: 12.345, region_tier: "A", flag: true, note: null },
      { visits: 12.349, region_tier: "A", flag: false, nested: { a: 1 } },
      { visits: -0.0012345, region_tier: "B", list: [1, 2], text: "x".repeat(201) },
      { visits: 0, huge: 1e308, tiny: 1.5e-300 },
      {},
    ]);
    expect(await refreshFeatureRollups(iso.db, "churn")).toBe(1);
    expect(await rows("v1")).toEqual([
      {
        day: "2026-03-02",
        feature: "(predicted value)",
        kind: "predicted",
        bucket: "0.3",
        numeric_value: 0.3,
        n: 5,
      },
      { day: "2026-03-02", feature: "flag", kind: "boolean", bucket: "false", numeric_value: null, n: 1 },
      { day: "2026-03-02", feature: "flag", kind: "boolean", bucket: "true", numeric_value: null, n: 1 },
      {
        day: "2026-03-02",
        feature: "huge",
        kind: "not_profiled",
        bucket: "not_finite",
        numeric_value: null,
        n: 1,
      },
      {
        day: "2026-03-02",
        feature: "list",
        kind: "not_profiled",
        bucket: "array",
        numeric_value: null,
        n: 1,
      },
      {
        day: "2026-03-02",
        feature: "nested",
        kind: "not_profiled",
        bucket: "nested_object",
        numeric_value: null,
        n: 1,
      },
      {
        day: "2026-03-02",
        feature: "region_tier",
        kind: "categorical",
        bucket: "A",
        numeric_value: null,
        n: 2,
      },
      {
        day: "2026-03-02",
        feature: "region_tier",
        kind: "categorical",
        bucket: "B",
        numeric_value: null,
        n: 1,
      },
      {
        day: "2026-03-02",
        feature: "text",
        kind: "not_profiled",
        bucket: "long_string",
        numeric_value: null,
        n: 1,
      },
      {
        day: "2026-03-02",
        feature: "tiny",
        kind: "numeric",
        bucket: `0.${"0".repeat(299)}15`,
        numeric_value: 1.5e-300,
        n: 1,
      },
      {
        day: "2026-03-02",
        feature: "visits",
        kind: "numeric",
        bucket: "-0.0012",
        numeric_value: -0.0012,
        n: 1,
      },
      { day: "2026-03-02", feature: "visits", kind: "numeric", bucket: "0", numeric_value: 0, n: 1 },
      { day: "2026-03-02", feature: "visits", kind: "numeric", bucket: "12", numeric_value: 12, n: 2 },
    ]);
    // `note` was only ever null (missing): no row, but it is tracked.
    const tracked = await iso.client.query(
      `SELECT feature FROM tracked_features WHERE prediction_type = 'churn' ORDER BY feature`,
    );
    expect(tracked.rows.map((row) => row.feature)).toEqual([
      "flag",
      "huge",
      "list",
      "nested",
      "region_tier",
      "text",
      "tiny",
      "visits",
    ]);
    const day = await iso.client.query(
      `SELECT n_predictions, untracked_features FROM feature_rollup_days WHERE model_version = 'v1'`,
    );
    expect(day.rows).toEqual([{ n_predictions: 5, untracked_features: 0 }]);
  });

  it("does nothing when no day changed, and profiles a day again when predictions arrive for it", async () => {
    expect(await refreshFeatureRollups(iso.db, "churn")).toBe(0);
    await ingest("v1", "2026-03-02", [{ visits: 11.6 }], "late");
    expect(await refreshFeatureRollups(iso.db, "churn")).toBe(1);
    const visits = (await rows("v1")).filter((row) => row.feature === "visits" && row.bucket === "12");
    expect(visits).toEqual([
      { day: "2026-03-02", feature: "visits", kind: "numeric", bucket: "12", numeric_value: 12, n: 3 },
    ]);
  });

  it("tracks at most max_features_per_type features, in the order first seen, and counts the others", async () => {
    await iso.client.query(`UPDATE drift_settings SET max_features_per_type = 10`);
    await ingest("v2", "2026-03-09", [{ a1: 1, a2: 2, a3: 3, visits: 4 }]);
    expect(await refreshFeatureRollups(iso.db, "churn")).toBe(1);
    // 8 tracked already: a1 and a2 fit (by name within the day), a3 does not; visits is tracked.
    expect((await rows("v2")).map((row) => row.feature)).toEqual(["(predicted value)", "a1", "a2", "visits"]);
    const day = await iso.client.query(
      `SELECT untracked_features FROM feature_rollup_days WHERE model_version = 'v2'`,
    );
    expect(day.rows).toEqual([{ untracked_features: 1 }]);
  });

  it("drops the profile of a removed model version's days", async () => {
    await iso.client.query(`DELETE FROM predictions WHERE model_version = 'v2'`);
    await iso.client.query(`DELETE FROM metric_rollups WHERE model_version = 'v2'`);
    await refreshFeatureRollups(iso.db, "churn");
    expect(await rows("v2")).toEqual([]);
    const days = await iso.client.query(
      `SELECT count(*)::int AS n FROM feature_rollup_days WHERE model_version = 'v2'`,
    );
    expect(days.rows[0].n).toBe(0);
  });
});
