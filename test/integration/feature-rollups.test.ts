import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshFeatureRollups } from "@/lib/distribution-drift/refresh-feature-rollups";
import { JSON_SEPARATOR, JsonColumn } from "../../lib/ingest/json-column";
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
         $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text)`,
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
        new JsonColumn(features).toParameter(),
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

// The refresh profiles a day in one pass over its predictions and rounds with the float logarithm
// (issue 19's speed work): a day profiled again after late predictions holds the whole day, and
// numbers next to a power of ten round as exact decimal arithmetic says.
describe.skipIf(isEmbedded())("the feature profile rollup, profiled again and at the edges", () => {
  let iso: IsolatedSchema;
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    // Days are the organisation's: 03:00 UTC on 6 April is still 5 April in New York.
    await iso.client.query(`UPDATE drift_settings SET timezone = 'America/New_York'`);
  });
  afterAll(() => iso.drop());

  /** Predictions with their features as raw JSON text (so numbers keep every digit). */
  const ingest = (ids: string[], at: string[], values: number[], features: string[]) =>
    iso.client.query(
      `SELECT * FROM ingest_predictions($1::text[], $2::prediction_type[], $3::text[], $4::float8[], $5::timestamptz[],
         $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text)`,
      [
        ids,
        ids.map(() => "risk"),
        ids.map(() => "r1"),
        values,
        at,
        ids.map(() => null),
        ids.map((_, i) => `P${i}`),
        ids.map(() => "Norvexa"),
        ids.map(() => "West"),
        ids.map(() => null),
        ids.map(() => null),
        // One text of JSON values as the API sends them (lib/ingest/json-column.ts), kept raw.
        features.join(JSON_SEPARATOR),
      ],
    );
  const rows = async (day: string) =>
    (
      await iso.client.query(
        `SELECT feature, kind, bucket, numeric_value, n FROM feature_rollups
          WHERE model_version = 'r1' AND day = $1 ORDER BY feature COLLATE "C", kind, numeric_value, bucket COLLATE "C"`,
        [day],
      )
    ).rows;

  it("profiles a day again as a whole when late predictions arrive, and leaves the other days alone", async () => {
    await ingest(
      ["a1", "a2", "a3", "b1"],
      ["2026-04-06T05:00:00Z", "2026-04-06T12:00:00Z", "2026-04-07T03:59:00Z", "2026-04-06T03:00:00Z"],
      [0.42, 0.44, 0.051, 0.3],
      ['{"tier": "A", "visits": 3}', '{"tier": "A", "visits": 4}', '{"tier": "B"}', '{"tier": "C"}'],
    );
    expect(await refreshFeatureRollups(iso.db, "risk")).toBe(2);
    const before = await iso.client.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, n_predictions, refreshed_at FROM feature_rollup_days ORDER BY day`,
    );
    expect(before.rows.map((row) => [row.day, row.n_predictions])).toEqual([
      ["2026-04-05", 1],
      ["2026-04-06", 3],
    ]);

    await ingest(
      ["a4", "a5"],
      ["2026-04-06T20:00:00Z", "2026-04-06T21:00:00Z"],
      [0.41, 0],
      ['{"tier": "B", "visits": 3, "extra": [1, 2]}', '{"tier": null, "visits": {"n": 3}}'],
    );
    expect(await refreshFeatureRollups(iso.db, "risk")).toBe(1);
    expect(await rows("2026-04-06")).toEqual([
      { feature: "(predicted value)", kind: "predicted", bucket: "0", numeric_value: 0, n: 1 },
      { feature: "(predicted value)", kind: "predicted", bucket: "0.051", numeric_value: 0.051, n: 1 },
      { feature: "(predicted value)", kind: "predicted", bucket: "0.41", numeric_value: 0.41, n: 1 },
      { feature: "(predicted value)", kind: "predicted", bucket: "0.42", numeric_value: 0.42, n: 1 },
      { feature: "(predicted value)", kind: "predicted", bucket: "0.44", numeric_value: 0.44, n: 1 },
      { feature: "extra", kind: "not_profiled", bucket: "array", numeric_value: null, n: 1 },
      { feature: "tier", kind: "categorical", bucket: "A", numeric_value: null, n: 2 },
      { feature: "tier", kind: "categorical", bucket: "B", numeric_value: null, n: 2 },
      { feature: "visits", kind: "not_profiled", bucket: "nested_object", numeric_value: null, n: 1 },
      { feature: "visits", kind: "numeric", bucket: "3", numeric_value: 3, n: 2 },
      { feature: "visits", kind: "numeric", bucket: "4", numeric_value: 4, n: 1 },
    ]);
    expect(await rows("2026-04-05")).toEqual([
      { feature: "(predicted value)", kind: "predicted", bucket: "0.3", numeric_value: 0.3, n: 1 },
      { feature: "tier", kind: "categorical", bucket: "C", numeric_value: null, n: 1 },
    ]);
    const after = await iso.client.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, n_predictions, refreshed_at FROM feature_rollup_days ORDER BY day`,
    );
    expect(after.rows.map((row) => [row.day, row.n_predictions])).toEqual([
      ["2026-04-05", 1],
      ["2026-04-06", 5],
    ]);
    expect(after.rows[0].refreshed_at).toEqual(before.rows[0].refreshed_at);
  });

  it("rounds numbers next to a power of ten exactly, and counts a number no double holds as not profiled", async () => {
    const values = [
      "0.0999999999999999999",
      "99.99999999999999999999",
      "9.95",
      "-9.95",
      "999.5",
      "1e-301",
      "1e-400",
    ];
    await ingest(
      values.map((_, i) => `edge-${i}`),
      values.map(() => "2026-04-13T12:00:00Z"),
      values.map(() => 0.5),
      values.map((value) => `{"x": ${value}}`),
    );
    expect(await refreshFeatureRollups(iso.db, "risk")).toBe(1);
    expect((await rows("2026-04-13")).filter((row) => row.feature === "x")).toEqual([
      { feature: "x", kind: "not_profiled", bucket: "not_finite", numeric_value: null, n: 1 },
      { feature: "x", kind: "numeric", bucket: "-10", numeric_value: -10, n: 1 },
      { feature: "x", kind: "numeric", bucket: `0.${"0".repeat(300)}1`, numeric_value: 1e-301, n: 1 },
      { feature: "x", kind: "numeric", bucket: "0.1", numeric_value: 0.1, n: 1 },
      { feature: "x", kind: "numeric", bucket: "10", numeric_value: 10, n: 1 },
      { feature: "x", kind: "numeric", bucket: "100", numeric_value: 100, n: 1 },
      { feature: "x", kind: "numeric", bucket: "1000", numeric_value: 1000, n: 1 },
    ]);
  });
});
