import { describe, expect, it } from "vitest";
import { predictionFastPath } from "@/lib/ingest/prediction-fast-path";
import { PredictionInput } from "@/lib/ingest/prediction-input";
import { PREDICTION_TYPES } from "@/lib/vocabulary";
import { predictionBatch } from "../../bench/support/prediction-batch";

const LATEST = Date.parse("2026-12-05T12:00:00Z");
const valid = {
  id: "p1",
  prediction_type: "churn",
  model_version: "v1",
  predicted_value: 0.4,
  predicted_at: "2026-03-02T10:00:00Z",
  hcp_id: "H1",
  brand: "B",
  region: "R",
  features: { a: 1, b: "x", c: null, d: [1, { e: true }] },
};

/** {a: {a: … 1}} with `levels` objects below the top one. */
const nested = (levels: number) => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return { a: value };
};

// Values that probe each check: lengths, blanks, NUL and surrogates, types, numbers at and past
// the bounds, and instants at the edges of the format, the offset range and the floor.
const PROBES: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "\u00a0",
  "\t x",
  "\ufeff",
  "\ufeffx",
  "a".repeat(200),
  "a".repeat(201),
  "a\u0000",
  "\u0000",
  "a\ud800",
  "\udfffa",
  "\ud83d\ude00",
  "é",
  0,
  -0,
  1,
  -1,
  0.5,
  -0.5,
  1.000001,
  -1.000001,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  true,
  {},
  [],
  ["x"],
  ...PREDICTION_TYPES,
  "upsell",
  "2026-03-02T10:00:00Z",
  "2026-03-02T10:00:00.123456789012+02:00",
  "2026-03-02T10:00:00-15:59",
  "2026-03-02T10:00:00+16:00",
  "2026-03-02T10:00:00-23:59",
  "2026-03-02T10:00:00+1600",
  "2026-03-02T10:00:00",
  "2026-03-02T10:00Z",
  "2026-03-02 10:00:00Z",
  "2026-03-02T24:00:00Z",
  "2026-02-29T00:00:00Z",
  "2024-02-29T00:00:00Z",
  "2000-01-01T00:00:00Z",
  "2000-01-01T00:00:00+01:00",
  "2000-01-01T00:00:00-01:00",
  "1999-12-31T23:59:59Z",
  "0000-03-02T10:00:00Z",
  "2026-12-05T12:00:00Z",
  "2026-12-05T12:00:00.001Z",
  "2099-01-01T00:00:00Z",
  "2026-03-02T10:00:00z",
  { a: "x\u0000" },
  { "k\ud800": 1 },
  { list: [1, ["ok", "a\u0000"]] },
  { "mood \ud83d\ude00": ["\ud83d\ude00"] },
  // Escapes written out, control characters, brackets in strings, NUL and surrogates nested.
  { a: "\\u0000 written out" },
  { a: "\u0001", b: "\n" },
  { a: "[{", "{": "]" },
  { a: { b: "\ud800" } },
  { a: ["\udc00"] },
  { a: { b: [{ c: "\u0000" }] } },
  nested(63),
  nested(64),
  JSON.parse('{"__proto__":{"x":1},"a":1}'),
];

const candidates: { name: string; row: Record<string, unknown> }[] = [
  ...Object.keys(PredictionInput.shape).flatMap((field) =>
    PROBES.map((probe, i) => ({ name: `${field} = probe ${i}`, row: { ...valid, [field]: probe } })),
  ),
  ...PREDICTION_TYPES.flatMap((type) =>
    [-1, -0.5, -0.0001, 0, 1, 1.0001].map((value) => ({
      name: `${type} ${value}`,
      row: { ...valid, prediction_type: type, predicted_value: value },
    })),
  ),
  ...[
    [null, null],
    [undefined, "P1"],
    [null, "P1"],
    ["", "P1"],
    [undefined, undefined],
  ].map(([hcp_id, patient_id]) => ({
    name: `hcp_id ${hcp_id} and patient_id ${patient_id}`,
    row: { ...valid, hcp_id, patient_id },
  })),
  { name: "an unknown field", row: { ...valid, label: "POSITIVE" } },
  { name: "a top-level __proto__ key", row: JSON.parse(`{"__proto__":1,"id":"p1"}`) },
  { name: "no features", row: { ...valid, features: undefined } },
];

describe("predictionFastPath", () => {
  it.each(candidates)(
    "$name: accepted only when PredictionInput accepts it, with the same row",
    ({ row }) => {
      const fast = predictionFastPath(row, LATEST);
      if (fast === undefined) return;
      const full = PredictionInput.safeParse(row);
      expect(full.error?.issues).toBeUndefined();
      expect(fast).toEqual(full.data);
      expect(Date.parse(fast.predicted_at) <= LATEST).toBe(true);
    },
  );

  it("leaves to the schema only the valid rows whose predicted_at lies after latestMs", () => {
    const answers = candidates.map(({ name, row }) => ({
      name,
      fast: predictionFastPath(row, LATEST) !== undefined,
      full: PredictionInput.safeParse(row).success,
    }));
    expect(answers.filter((a) => a.full && !a.fast).map((a) => a.name)).toEqual([
      `predicted_at = probe ${PROBES.indexOf("2026-12-05T12:00:00.001Z")}`,
      `predicted_at = probe ${PROBES.indexOf("2099-01-01T00:00:00Z")}`,
    ]);
    expect(answers.filter((a) => a.fast && !a.full)).toEqual([]);
    // The probes exercise both answers.
    expect(answers.filter((a) => a.fast).length).toBeGreaterThan(150);
    expect(answers.filter((a) => !a.full).length).toBeGreaterThan(400);
  });

  it("refuses rows whose predicted_at lies after latestMs, which the schema alone would take", () => {
    const row = { ...valid, predicted_at: "2026-12-05T12:00:00.001Z" };
    expect(PredictionInput.safeParse(row).success).toBe(true);
    expect(predictionFastPath(row, LATEST)).toBeUndefined();
    expect(predictionFastPath(row, LATEST + 1)).toBe(row);
  });

  it("takes every row of the bench's batches, itself when it has features", () => {
    const batch = predictionBatch(3, 2_000, 1_000_000) as Record<string, unknown>[];
    expect(batch.filter((row) => predictionFastPath(row, LATEST) === row)).toHaveLength(2_000);
  });

  it("gives a row without features the schema's default", () => {
    const { features: _, ...row } = valid;
    expect(predictionFastPath(row, LATEST)).toEqual({ ...row, features: {} });
  });
});
