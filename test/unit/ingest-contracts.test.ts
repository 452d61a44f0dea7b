import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateApiKeySecret, hashApiKey } from "@/lib/api-keys/api-key-secret";
import { BusinessMetricInput } from "@/lib/ingest/business-metric-input";
import {
  INGEST_CONTRACTS,
  type IngestContract,
  predictionsContract,
  storedFeatures,
} from "@/lib/ingest/contracts";
import { ingestParameters } from "@/lib/ingest/ingest-batch";
import { buildOpenApiDocument, curlExample, describeFields } from "@/lib/ingest/openapi";
import { PredictionInput } from "@/lib/ingest/prediction-input";
import { TreatmentEventInput } from "@/lib/ingest/treatment-event-input";
import { TriggerInput } from "@/lib/ingest/trigger-input";

const prediction = {
  id: "p1",
  prediction_type: "churn",
  model_version: "v1",
  predicted_value: 0.4,
  predicted_at: "2026-03-02T10:00:00Z",
  hcp_id: "H1",
  brand: "B",
  region: "R",
};
const trigger = { id: "t1", hcp_id: "H1", created_at: "2026-03-02T09:00:00Z" };
const event = { id: "e1", patient_id: "P1", event_date: "2026-03-03", event_type: "prescription" };
const metric = {
  metric_date: "2026-03-01",
  metric_type: "market_share",
  brand: "B",
  region: "R",
  value: 0.2,
};

/** {a: {a: … 1}} with `levels` objects below the top one. */
const nested = (levels: number) => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return { a: value };
};
const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join(".")) ?? [];

describe("ingestion contracts", () => {
  it.each([
    {
      name: "a prediction with only a patient",
      schema: PredictionInput,
      input: { ...prediction, hcp_id: undefined, patient_id: "P1" },
    },
    {
      name: "a market-share prediction with a negative delta",
      schema: PredictionInput,
      input: { ...prediction, prediction_type: "market_share_impact", predicted_value: -0.03 },
    },
    {
      name: "a prediction time with an offset and microseconds",
      schema: PredictionInput,
      input: { ...prediction, predicted_at: "2026-03-02T10:00:00.123456+02:00" },
    },
    {
      name: "the widest offset PostgreSQL takes",
      schema: PredictionInput,
      input: { ...prediction, predicted_at: "2026-03-02T10:00:00-15:59" },
    },
    {
      name: "features with an emoji (a surrogate pair) in a key and a value",
      schema: PredictionInput,
      input: { ...prediction, features: { "mood \ud83d\ude00": ["\ud83d\ude00"] } },
    },
    {
      name: "features nested 64 levels deep",
      schema: PredictionInput,
      input: { ...prediction, features: nested(63) },
    },
    {
      name: "a delivered, accepted, engaged trigger",
      schema: TriggerInput,
      input: {
        ...trigger,
        delivery_status: "delivered",
        delivered_at: "2026-03-02T09:01:00Z",
        acceptance_status: "accepted",
        accepted_at: "2026-03-03T09:00:00Z",
        content_engaged: true,
        content_engaged_at: "2026-03-03T10:00:00Z",
      },
    },
    { name: "a treatment event of a patient", schema: TreatmentEventInput, input: event },
    {
      name: "a business metric other than market share above 1",
      schema: BusinessMetricInput,
      input: { ...metric, metric_type: "revenue", value: 1200 },
    },
  ])("accepts $name", ({ schema, input }) => {
    expect(fieldsOf(schema.safeParse(input))).toEqual([]);
  });

  it.each([
    {
      name: "a prediction with neither HCP nor patient",
      schema: PredictionInput,
      input: { ...prediction, hcp_id: null },
      fields: ["hcp_id"],
    },
    {
      name: "a negative probability",
      schema: PredictionInput,
      input: { ...prediction, predicted_value: -0.1 },
      fields: ["predicted_value"],
    },
    {
      name: "a share delta beyond ±1",
      schema: PredictionInput,
      input: { ...prediction, prediction_type: "market_share_impact", predicted_value: 1.5 },
      fields: ["predicted_value"],
    },
    {
      name: "a market share dated another day than the 1st (the rule reads months)",
      schema: BusinessMetricInput,
      input: { ...metric, metric_date: "2026-03-02" },
      fields: ["metric_date"],
    },
    {
      name: "an unknown prediction type",
      schema: PredictionInput,
      input: { ...prediction, prediction_type: "upsell" },
      fields: ["prediction_type"],
    },
    {
      name: "a time without offset",
      schema: PredictionInput,
      input: { ...prediction, predicted_at: "2026-03-02T10:00:00" },
      fields: ["predicted_at"],
    },
    {
      name: "year 0, which PostgreSQL refuses",
      schema: PredictionInput,
      input: { ...prediction, predicted_at: "0000-03-02T10:00:00Z" },
      fields: ["predicted_at"],
    },
    { name: "a blank id", schema: PredictionInput, input: { ...prediction, id: "   " }, fields: ["id"] },
    {
      name: "a NUL character",
      schema: PredictionInput,
      input: { ...prediction, brand: "B\u0000" },
      fields: ["brand"],
    },
    {
      name: "a NUL character in the features",
      schema: PredictionInput,
      input: { ...prediction, features: { note: "a\u0000b" } },
      fields: ["features"],
    },
    {
      name: "an offset beyond ±15:59, which PostgreSQL refuses",
      schema: PredictionInput,
      input: { ...prediction, predicted_at: "2026-03-02T10:00:00+16:00" },
      fields: ["predicted_at"],
    },
    {
      name: "a trigger time with an offset of -23:59",
      schema: TriggerInput,
      input: { ...trigger, created_at: "2026-03-02T09:00:00-23:59" },
      fields: ["created_at"],
    },
    {
      name: "a NUL character in a string inside an array of the features",
      schema: PredictionInput,
      input: { ...prediction, features: { list: [1, ["ok", "a\u0000"]] } },
      fields: ["features"],
    },
    {
      name: "a lone surrogate in a nested key of the features",
      schema: PredictionInput,
      input: { ...prediction, features: { a: { "k\udc00": 1 } } },
      fields: ["features"],
    },
    {
      name: "features nested 65 levels deep",
      schema: PredictionInput,
      input: { ...prediction, features: nested(64) },
      fields: ["features"],
    },
    {
      name: "features nested 100,000 levels deep (no stack overflow)",
      schema: PredictionInput,
      input: { ...prediction, features: nested(100_000) },
      fields: ["features"],
    },
    {
      name: "a NUL character in a key of the features",
      schema: PredictionInput,
      input: { ...prediction, features: { "a\u0000": 1 } },
      fields: ["features"],
    },
    {
      name: "features that are not an object",
      schema: PredictionInput,
      input: { ...prediction, features: [1, 2] },
      fields: ["features"],
    },
    {
      name: "an unknown field",
      schema: PredictionInput,
      input: { ...prediction, label: "POSITIVE" },
      fields: [""],
    },
    {
      name: "a delivered trigger without its time",
      schema: TriggerInput,
      input: { ...trigger, delivery_status: "delivered" },
      fields: ["delivered_at"],
    },
    {
      name: "an accepted trigger that was not delivered",
      schema: TriggerInput,
      input: { ...trigger, acceptance_status: "accepted", accepted_at: "2026-03-03T09:00:00Z" },
      fields: ["acceptance_status"],
    },
    {
      name: "an engagement time without engagement",
      schema: TriggerInput,
      input: { ...trigger, content_engaged_at: "2026-03-03T09:00:00Z" },
      fields: ["content_engaged_at"],
    },
    {
      name: "an impossible date",
      schema: TreatmentEventInput,
      input: { ...event, event_date: "2026-02-30" },
      fields: ["event_date"],
    },
    {
      name: "a fill of 0 days",
      schema: TreatmentEventInput,
      input: { ...event, duration_days: 0 },
      fields: ["duration_days"],
    },
    {
      name: "a fractional fill length",
      schema: TreatmentEventInput,
      input: { ...event, duration_days: 1.5 },
      fields: ["duration_days"],
    },
    {
      name: "an event with neither HCP nor patient",
      schema: TreatmentEventInput,
      input: { ...event, patient_id: undefined },
      fields: ["hcp_id"],
    },
    {
      name: "a market share above 1",
      schema: BusinessMetricInput,
      input: { ...metric, value: 1.01 },
      fields: ["value"],
    },
  ])("refuses $name, naming the field", ({ schema, input, fields }) => {
    expect(fieldsOf(schema.safeParse(input))).toEqual(fields);
  });

  it.each(INGEST_CONTRACTS.map((contract) => [contract.path, contract as IngestContract<unknown>]))(
    "the example of %s is valid",
    (_, contract) => {
      expect(contract.row.parse(contract.example)).toEqual(contract.example);
    },
  );
});

describe("a batch of predictions as the statement's parameters", () => {
  const row = (id: string, features?: unknown) =>
    PredictionInput.parse({ ...prediction, id, brand: 'B "1"\\', ...(features ? { features } : {}) });

  it("sends the columns as array literals and the features as their JSON texts between U+001E, in row order", () => {
    // B "1"\ in an array literal: the quotes and the backslash escaped.
    const brand = String.raw`"B \"1\"\\"`;
    const parameters = ingestParameters(predictionsContract, [
      row("p1", { n: 1, s: 'a"b' }),
      row("p2"),
      row("p3", { nested: { list: [1, null] } }),
    ]);
    expect(parameters).toEqual([
      '{"p1","p2","p3"}',
      '{"churn","churn","churn"}',
      '{"v1","v1","v1"}',
      "{0.4,0.4,0.4}",
      '{"2026-03-02T10:00:00Z","2026-03-02T10:00:00Z","2026-03-02T10:00:00Z"}',
      '{"H1","H1","H1"}',
      "{NULL,NULL,NULL}",
      `{${[brand, brand, brand].join(",")}}`,
      '{"R","R","R"}',
      "{NULL,NULL,NULL}",
      "{NULL,NULL,NULL}",
      '{"n":1,"s":"a\\"b"}\u001e{}\u001e{"nested":{"list":[1,null]}}',
    ]);
  });

  it("checks the features in place and stores them without a top-level __proto__ key, as looseObject did", () => {
    const features = JSON.parse('{"__proto__":{"x":1},"a":1,"deep":{"__proto__":2}}');
    const parsed = row("p1", features);
    expect(parsed.features).toBe(features);
    expect(JSON.stringify(storedFeatures(parsed.features))).toBe('{"a":1,"deep":{"__proto__":2}}');
    const plain = { a: 1 };
    expect(storedFeatures(plain)).toBe(plain);
  });

  it.each([
    ["an array", [1, 2]],
    ["null", null],
    ["a number", 3],
  ])("refuses features that are %s with one issue", (_, features) => {
    const result = PredictionInput.safeParse({ ...prediction, features });
    expect(result.error?.issues.map(({ path, message }) => ({ path, message }))).toEqual([
      { path: ["features"], message: "must be a JSON object" },
    ]);
  });
});

describe("the OpenAPI document", () => {
  const document = buildOpenApiDocument();

  it("lists the five batch endpoints and itself, each batch endpoint behind an API key", () => {
    expect(Object.keys(document.paths)).toEqual([
      "/api/v1/predictions",
      "/api/v1/treatment-events",
      "/api/v1/triggers",
      "/api/v1/business-metrics",
      "/api/v1/validation-outcomes",
      "/api/v1/openapi.json",
    ]);
    const predictions = document.paths["/api/v1/predictions"].post!;
    expect(predictions.security).toEqual([{ apiKey: [] }]);
    expect(Object.keys(predictions.responses)).toEqual(["200", "400", "401", "413", "503"]);
    expect(predictions.requestBody!.content["application/json"].schema).toEqual({
      type: "array",
      maxItems: 10_000,
      items: { $ref: "#/components/schemas/Prediction" },
    });
  });

  it("takes one validation outcome or an array of up to 1,000", () => {
    const outcomes = document.paths["/api/v1/validation-outcomes"].post!;
    const outcome = { $ref: "#/components/schemas/ValidationOutcome" };
    expect(outcomes.requestBody!.content["application/json"].schema).toEqual({
      oneOf: [outcome, { type: "array", maxItems: 1_000, items: outcome }],
    });
    expect(document.components.schemas.ValidationOutcome).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: [
        "id",
        "estimate_id",
        "gate_decision",
        "treatment_variable",
        "outcome_variable",
        "validated_at",
      ],
    });
  });

  it("describes each row with the zod schema's fields, required ones marked", () => {
    expect(document.components.schemas.Prediction).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: [
        "id",
        "prediction_type",
        "model_version",
        "predicted_value",
        "predicted_at",
        "brand",
        "region",
      ],
    });
    const fields = describeFields(document.components.schemas.Trigger);
    expect(fields.find((field) => field.name === "delivery_status")).toEqual({
      name: "delivery_status",
      type: "string",
      required: false,
      notes: 'one of pending, delivered, failed; default "pending"',
    });
    expect(fields.find((field) => field.name === "delivered_at")).toMatchObject({
      type: "string or null",
      required: false,
    });
  });

  it("gives a curl command per endpoint that sends its example", () => {
    const [predictions] = INGEST_CONTRACTS as readonly IngestContract<unknown>[];
    const curl = curlExample(predictions, "https://dw.example.com");
    expect(curl.split("\n")[0]).toBe("curl -sS -X POST https://dw.example.com/api/v1/predictions \\");
    expect(JSON.parse(/-d '(.*)'$/.exec(curl)![1])).toEqual([predictions.example]);
  });

  it.each(INGEST_CONTRACTS.map((contract) => [contract.path, contract as IngestContract<unknown>]))(
    "the README's curl example for %s sends the contract's example",
    (_, contract) => {
      const readme = readFileSync(path.join(process.cwd(), "README.md"), "utf8");
      expect(readme).toContain(`curl -sS -X POST http://localhost:3000${contract.path} \\`);
      expect(readme).toContain(`-d '${JSON.stringify([contract.example])}'`);
    },
  );
});

describe("API key secrets", () => {
  it("are 256-bit, prefixed, shown by their first 11 characters and stored as SHA-256", () => {
    const { key, prefix } = generateApiKeySecret();
    expect(key).toMatch(/^dw_[A-Za-z0-9_-]{43}$/);
    expect(prefix).toBe(key.slice(0, 11));
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    // FIPS 180-2 test vector.
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(generateApiKeySecret().key).not.toBe(key);
  });
});
