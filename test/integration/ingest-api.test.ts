import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postPredictionsRoute } from "@/app/api/v1/predictions/route";
import { hashApiKey } from "@/lib/api-keys/api-key-secret";
import { revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import {
  businessMetricsContract,
  type IngestContract,
  MAX_BATCH_ROWS,
  predictionsContract,
  treatmentEventsContract,
  triggersContract,
} from "@/lib/ingest/contracts";
import { isEmbedded, testDatabaseUrl, uniqueId } from "../support/database";
import { type Handler, newApiKey, post, routeOn, useIngestSchema } from "../support/ingest";

type Row = Record<string, unknown>;
type EndpointCase = {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: the table mixes contracts of several row types
  contract: IngestContract<any>;
  table: string;
  /** A valid row whose identity is `key`. */
  row: (key: string) => Row;
  /** The same identity with other content. */
  changed: (row: Row) => Row;
  /** An invalid row and the field the 400 names. */
  invalid: (key: string) => [Row, string];
  /** SQL condition selecting the rows of this test by their key prefix ($1). */
  mine: string;
};

const cases: EndpointCase[] = [
  {
    name: "predictions",
    contract: predictionsContract,
    table: "predictions",
    row: (key) => ({
      id: key,
      prediction_type: "churn",
      model_version: "ingest-test",
      predicted_value: 0.4,
      predicted_at: "2026-03-02T10:00:00Z",
      hcp_id: "H1",
      brand: "B",
      region: "R",
      features: { a: 1 },
    }),
    changed: (row) => ({ ...row, predicted_value: 0.9 }),
    invalid: (key) => [
      {
        id: key,
        prediction_type: "churn",
        model_version: "v",
        predicted_value: 1.5,
        predicted_at: "2026-03-02T10:00:00Z",
        hcp_id: "H",
        brand: "B",
        region: "R",
      },
      "predicted_value",
    ],
    mine: "id LIKE $1",
  },
  {
    name: "treatment events",
    contract: treatmentEventsContract,
    table: "treatment_events",
    row: (key) => ({
      id: key,
      hcp_id: "H1",
      event_date: "2026-03-03",
      event_type: "prescription",
      brand: "B",
      duration_days: 30,
    }),
    changed: (row) => ({ ...row, event_date: "2026-03-04" }),
    invalid: (key) => [
      { id: key, hcp_id: "H1", event_date: "2026-03-03", event_type: "refill" },
      "event_type",
    ],
    mine: "id LIKE $1",
  },
  {
    name: "triggers",
    contract: triggersContract,
    table: "triggers",
    row: (key) => ({ id: key, hcp_id: "H1", brand: "B", created_at: "2026-03-02T09:00:00Z" }),
    changed: (row) => ({ ...row, delivery_status: "delivered", delivered_at: "2026-03-02T09:05:00Z" }),
    invalid: (key) => [
      { id: key, hcp_id: "H1", created_at: "2026-03-02T09:00:00Z", delivery_status: "delivered" },
      "delivered_at",
    ],
    mine: "id LIKE $1",
  },
  {
    name: "business metrics",
    contract: businessMetricsContract,
    table: "business_metrics",
    row: (key) => ({
      metric_date: "2026-03-01",
      metric_type: "market_share",
      brand: key,
      region: "R",
      value: 0.2,
    }),
    changed: (row) => ({ ...row, value: 0.25 }),
    invalid: (key) => [
      { metric_date: "2026-03-01", metric_type: "market_share", brand: key, region: "R", value: 1.2 },
      "value",
    ],
    mine: "brand LIKE $1",
  },
];

describe.skipIf(isEmbedded())("POST /api/v1/* batch endpoints", () => {
  const ctx = useIngestSchema();

  describe.each(cases)("$name", (endpoint) => {
    let handler: Handler;
    beforeAll(() => {
      handler = routeOn(endpoint.contract, ctx.iso.db);
    });
    const rowsOf = (prefix: string) => Array.from({ length: 3 }, (_, i) => endpoint.row(`${prefix}-${i}`));
    const stored = async (prefix: string) =>
      (
        await ctx.iso.client.query(`SELECT * FROM ${endpoint.table} WHERE ${endpoint.mine} ORDER BY 1`, [
          `${prefix}-%`,
        ])
      ).rows;
    const count = async (prefix: string) =>
      (
        await ctx.iso.client.query(
          `SELECT count(*)::int AS n FROM ${endpoint.table} WHERE ${endpoint.mine}`,
          [`${prefix}-%`],
        )
      ).rows[0].n;

    it("inserts a batch and says how many rows were new", async () => {
      const prefix = uniqueId("happy");
      expect(await post(handler, rowsOf(prefix), ctx.key)).toMatchObject({
        status: 200,
        body: { inserted: 3, unchanged: 0, conflicts: [] },
      });
      expect(await count(prefix)).toBe(3);
    });

    it("is idempotent: re-sending changes nothing, and a batch with some new rows inserts only those", async () => {
      const prefix = uniqueId("again");
      const rows = rowsOf(prefix);
      await post(handler, rows.slice(0, 2), ctx.key);
      const snapshot = await stored(prefix);
      expect((await post(handler, rows, ctx.key)).body).toEqual({ inserted: 1, unchanged: 2, conflicts: [] });
      expect((await post(handler, rows, ctx.key)).body).toEqual({ inserted: 0, unchanged: 3, conflicts: [] });
      const after = await stored(prefix);
      expect(after.slice(0, 2)).toEqual(snapshot);
      expect(after).toHaveLength(3);
    });

    it("reports a row whose id exists with other content as a conflict and keeps the stored row", async () => {
      const prefix = uniqueId("conflict");
      const rows = rowsOf(prefix);
      await post(handler, rows, ctx.key);
      const before = await stored(prefix);
      const resent = [rows[0], endpoint.changed(rows[1]), rows[2], endpoint.row(`${prefix}-new`)];
      const { status, body } = await post(handler, resent, ctx.key);
      expect(status).toBe(200);
      expect(body.inserted).toBe(1);
      expect(body.unchanged).toBe(2);
      expect(body.conflicts).toEqual([
        { index: 1, ...endpoint.contract.keyOf(endpoint.contract.row.parse(rows[1])) },
      ]);
      const after = (
        await ctx.iso.client.query(
          `SELECT * FROM ${endpoint.table} WHERE ${endpoint.mine} AND ${endpoint.mine.replace("$1", "$2")} IS NOT TRUE ORDER BY 1`,
          [`${prefix}-%`, `${prefix}-new`],
        )
      ).rows;
      expect(after).toEqual(before);
    });

    it("writes nothing from a batch with an invalid row, and names its index and field", async () => {
      const prefix = uniqueId("mixed");
      const [bad, field] = endpoint.invalid(`${prefix}-1`);
      const { status, body } = await post(
        handler,
        [endpoint.row(`${prefix}-0`), bad, endpoint.row(`${prefix}-2`)],
        ctx.key,
      );
      expect(status).toBe(400);
      expect(body.error).toMatchObject({ code: "INVALID", failing_rows: 1, rows: [{ index: 1, field }] });
      expect(body.error.message).toBe("1 of 3 rows are invalid; nothing was written.");
      expect(await count(prefix)).toBe(0);
    });

    it("answers 401 without a key, with an unknown key and with a revoked key, and writes nothing", async () => {
      const prefix = uniqueId("nokey");
      const revoked = await newApiKey(ctx.iso.db);
      const { id } = await ctx.iso.db.apiKey.findUniqueOrThrow({ where: { keyHash: hashApiKey(revoked) } });
      await revokeApiKey({ db: ctx.iso.db, actor: null, now: new Date(), input: { id } });
      for (const attempt of [undefined, "dw_not-a-key", revoked]) {
        const { status, body, headers } = await post(handler, rowsOf(prefix), attempt);
        expect(status).toBe(401);
        expect(body.error.code).toBe("UNAUTHORIZED");
        expect(headers.get("www-authenticate")).toBe('Bearer realm="driftwatch"');
      }
      expect(await count(prefix)).toBe(0);
    });

    it(`answers 413 above ${MAX_BATCH_ROWS.toLocaleString("en-US")} rows and writes nothing`, async () => {
      const prefix = uniqueId("big");
      const rows = Array.from({ length: MAX_BATCH_ROWS + 1 }, (_, i) => endpoint.row(`${prefix}-${i}`));
      const { status, body } = await post(handler, rows, ctx.key);
      expect(status).toBe(413);
      expect(body.error.message).toContain(`this one has ${(MAX_BATCH_ROWS + 1).toLocaleString("en-US")}`);
      expect(await count(prefix)).toBe(0);
    });
  });

  // Attacks and client faults from the outside test of issue 15: each is refused with 400 naming
  // the row's field, and nothing is written (the table's row count is unchanged).
  const LONE = "\ud800";
  const badInputs: { endpoint: EndpointCase; name: string; patch: Row; field: string; message: string }[] = [
    ...[
      ["model_version", { model_version: `v${LONE}` }],
      ["brand", { brand: `${LONE}B` }],
      ["features", { features: { note: `x${LONE}` } }],
      ["features", { features: { [`k${LONE}`]: 1 } }],
    ].map(([field, patch]) => ({
      endpoint: cases[0],
      name: `a lone surrogate in ${field}`,
      patch: patch as Row,
      field: field as string,
      message: "must not contain a lone UTF-16 surrogate (\\ud800–\\udfff)",
    })),
    // The features are checked in place (not copied by z.looseObject): anything but a JSON object is refused.
    ...[
      ["an array", [1, 2]],
      ["null", null],
      ["a string", "{}"],
    ].map(([what, features]) => ({
      endpoint: cases[0],
      name: `features that are ${what}`,
      patch: { features } as Row,
      field: "features",
      message: "must be a JSON object",
    })),
    ...[
      ["2099-01-05T00:00:00Z", "must not be more than 24 hours after the server's time"],
      ["0001-01-01T00:00:00Z", "must be on or after 2000-01-01"],
      ["1970-01-01T00:00:00Z", "must be on or after 2000-01-01"],
    ].map(([predicted_at, message]) => ({
      endpoint: cases[0],
      name: `predicted_at ${predicted_at}`,
      patch: { predicted_at },
      field: "predicted_at",
      message,
    })),
    {
      endpoint: cases[1],
      name: "an event day in 2099",
      patch: { event_date: "2099-01-05" },
      field: "event_date",
      message: "must not be more than 24 hours after the server's time",
    },
    {
      endpoint: cases[1],
      name: "an event day in 1999",
      patch: { event_date: "1999-12-31" },
      field: "event_date",
      message: "must be on or after 2000-01-01",
    },
    {
      endpoint: cases[1],
      name: "a lone surrogate in brand",
      patch: { brand: LONE },
      field: "brand",
      message: "must not contain a lone UTF-16 surrogate (\\ud800–\\udfff)",
    },
    {
      endpoint: cases[2],
      name: "a delivery in 2099",
      patch: { delivery_status: "delivered", delivered_at: "2099-01-05T00:00:00Z" },
      field: "delivered_at",
      message: "must not be more than 24 hours after the server's time",
    },
    {
      endpoint: cases[2],
      name: "a trigger created in 1970",
      patch: { created_at: "1970-01-01T00:00:00Z" },
      field: "created_at",
      message: "must be on or after 2000-01-01",
    },
    {
      endpoint: cases[3],
      name: "a value of 1e308",
      patch: { metric_type: "visits", value: 1e308 },
      field: "value",
      message: "Too big: expected number to be <=1000000000000",
    },
    {
      endpoint: cases[3],
      name: "a metric day in 2099",
      patch: { metric_date: "2099-01-01" },
      field: "metric_date",
      message: "must not be more than 24 hours after the server's time",
    },
  ];

  it.each(badInputs)("$endpoint.name: refuses $name with 400 naming $field, writing nothing", async (bad) => {
    const handler = routeOn(bad.endpoint.contract, ctx.iso.db);
    const total = async () =>
      (await ctx.iso.client.query(`SELECT count(*)::int AS n FROM ${bad.endpoint.table}`)).rows[0].n;
    const before = await total();
    const prefix = uniqueId("bad");
    const { status, body } = await post(
      handler,
      [bad.endpoint.row(`${prefix}-0`), { ...bad.endpoint.row(`${prefix}-1`), ...bad.patch }],
      ctx.key,
    );
    expect(status).toBe(400);
    expect(body.error.rows).toHaveLength(1);
    expect(body.error.rows[0]).toMatchObject({ index: 1, field: bad.field });
    expect(body.error.rows[0].message).toContain(bad.message);
    expect(await total()).toBe(before);
  });

  it("takes an event time within the future margin (clock skew between machines)", async () => {
    const id = uniqueId("skew");
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      (
        await post(
          routeOn(predictionsContract, ctx.iso.db),
          [{ ...cases[0].row(id), predicted_at: soon }],
          ctx.key,
        )
      ).body,
    ).toEqual({
      inserted: 1,
      unchanged: 0,
      conflicts: [],
    });
  });

  const predictions = () => routeOn(predictionsContract, ctx.iso.db);
  const prediction = cases[0].row;

  it("takes a full batch of 10,000 predictions", async () => {
    const prefix = uniqueId("full");
    const rows = Array.from({ length: MAX_BATCH_ROWS }, (_, i) => prediction(`${prefix}-${i}`));
    expect((await post(predictions(), rows, ctx.key)).body).toEqual({
      inserted: MAX_BATCH_ROWS,
      unchanged: 0,
      conflicts: [],
    });
  });

  it("answers 413 from Content-Length before reading the body", async () => {
    const { status, body } = await post(predictions(), [], ctx.key, {
      "content-length": String(64 * 1024 * 1024),
    });
    expect(status).toBe(413);
    expect(body.error.code).toBe("TOO_LARGE");
  });

  it("lists the first 100 failing rows and counts them all", async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({
      ...prediction(uniqueId("bad")),
      hcp_id: null,
      predicted_at: i % 2 ? "yesterday" : "2026-01-01T00:00:00Z",
    }));
    const { status, body } = await post(predictions(), rows, ctx.key);
    expect(status).toBe(400);
    expect(body.error.failing_rows).toBe(150);
    expect(body.error.message).toBe(
      "150 of 150 rows are invalid (the first 100 are listed); nothing was written.",
    );
    expect(new Set(body.error.rows.map((row: { index: number }) => row.index))).toEqual(
      new Set(Array.from({ length: 100 }, (_, i) => i)),
    );
    expect(body.error.rows.slice(0, 3)).toEqual([
      { index: 0, field: "hcp_id", message: "hcp_id or patient_id is required" },
      { index: 1, field: "predicted_at", message: "Invalid ISO datetime" },
      { index: 1, field: "hcp_id", message: "hcp_id or patient_id is required" },
    ]);
  });

  it.each([
    ["not JSON", "{", "body", "The body is not valid JSON."],
    ["an object instead of an array", { id: "x" }, "body", "The body must be a JSON array of predictions."],
  ])("refuses %s with 400", async (_, body, field, message) => {
    expect((await post(predictions(), body, ctx.key)).body).toEqual({
      error: { code: "INVALID", message, field },
    });
  });

  it("refuses unknown fields, a repeated id and a probability out of range for the type", async () => {
    const id = uniqueId("strict");
    const { body } = await post(
      predictions(),
      [
        { ...prediction(id), predicted_vlaue: 0.3 },
        prediction(`${id}-a`),
        prediction(`${id}-a`),
        { ...prediction(`${id}-b`), predicted_value: -0.2 },
        { ...prediction(`${id}-c`), prediction_type: "market_share_impact", predicted_value: -0.2 },
      ],
      ctx.key,
    );
    expect(body.error.rows).toEqual([
      { index: 0, field: "predicted_vlaue", message: 'Unrecognized key: "predicted_vlaue"' },
      { index: 2, field: "id", message: "repeats row 1 of this batch" },
      {
        index: 3,
        field: "predicted_value",
        message: "must be a probability in [0, 1] for this prediction type",
      },
    ]);
  });

  it("stores awkward text and nested features exactly, so their re-send is unchanged", async () => {
    const id = `${uniqueId("odd")},{"x"}\\ NULL é`;
    const row = {
      ...prediction(id),
      brand: 'Brand "A", {B}',
      // U+001E separates the rows' features on the way to PostgreSQL: JSON writes it as \u001e.
      features: {
        quote: '"',
        backslash: "\\",
        nested: { list: [1, null, "ü"] },
        big: 1e21,
        separator: "a\u001eb",
        "key\u001e": "\u0001\n",
      },
    };
    expect((await post(predictions(), [row], ctx.key)).body).toEqual({
      inserted: 1,
      unchanged: 0,
      conflicts: [],
    });
    expect((await post(predictions(), [row], ctx.key)).body).toEqual({
      inserted: 0,
      unchanged: 1,
      conflicts: [],
    });
    const { rows } = await ctx.iso.client.query(`SELECT brand, features FROM predictions WHERE id = $1`, [
      id,
    ]);
    expect(rows).toEqual([{ brand: row.brand, features: row.features }]);
  });

  it("stores each row's features with its own row, as JSON.parse read them, whatever the batch's order", async () => {
    const prefix = uniqueId("feat");
    const base = (i: number) =>
      JSON.stringify(prediction(`${prefix}-${i}`)).replace(/,"features":\{"a":1\}/, "");
    // Raw JSON text, so the numbers are the caller's: 1.50 and 1e400 reach us as 1.5 and Infinity
    // (stored as null, as JSON.stringify writes it); a top-level "__proto__" is dropped (as zod's
    // looseObject did), a nested one kept; a row without features stores {}.
    const rows = [
      `${base(0).slice(0, -1)},"features":{"n":1.50,"huge":1e400,"__proto__":{"x":1},"deep":{"__proto__":2}}}`,
      base(1),
      `${base(2).slice(0, -1)},"features":{"i":2,"s":"x"}}`,
      `${base(3).slice(0, -1)},"features":{}}`,
    ];
    expect((await post(predictions(), `[${rows.join(",")}]`, ctx.key)).body).toEqual({
      inserted: 4,
      unchanged: 0,
      conflicts: [],
    });
    const { rows: stored } = await ctx.iso.client.query(
      `SELECT id, features::text AS features FROM predictions WHERE id LIKE $1 ORDER BY id`,
      [`${prefix}-%`],
    );
    expect(stored).toEqual([
      { id: `${prefix}-0`, features: '{"n": 1.5, "deep": {"__proto__": 2}, "huge": null}' },
      { id: `${prefix}-1`, features: "{}" },
      { id: `${prefix}-2`, features: '{"i": 2, "s": "x"}' },
      { id: `${prefix}-3`, features: "{}" },
    ]);
    expect((await post(predictions(), `[${rows.join(",")}]`, ctx.key)).body).toEqual({
      inserted: 0,
      unchanged: 4,
      conflicts: [],
    });
  });

  it("stores features nested 64 levels deep, the deepest the contract takes", async () => {
    const id = uniqueId("deep");
    let features: Row = { a: 1 };
    for (let level = 1; level < 64; level++) features = { a: features };
    expect((await post(predictions(), [{ ...prediction(id), features }], ctx.key)).body).toEqual({
      inserted: 1,
      unchanged: 0,
      conflicts: [],
    });
    const { rows } = await ctx.iso.client.query(`SELECT features FROM predictions WHERE id = $1`, [id]);
    expect(rows).toEqual([{ features }]);
  });

  it("reports an id that a concurrent batch committed meanwhile, instead of failing", async () => {
    const id = uniqueId("race");
    const other = new pg.Client({
      connectionString: testDatabaseUrl(),
      options: `-c search_path=${ctx.iso.schema}`,
    });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(
        `INSERT INTO predictions (id, prediction_type, model_version, predicted_value, predicted_at, hcp_id, brand, region)
        VALUES ($1, 'churn', 'ingest-test', 0.9, '2026-03-02T10:00:00Z', 'H1', 'B', 'R')`,
        [id],
      );
      const answer = post(predictions(), [prediction(id), prediction(`${id}-b`)], ctx.key);
      // The batch's INSERT now waits for the other transaction's row.
      await expect
        .poll(
          async () =>
            (await ctx.iso.client.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)).rows[0]
              .n,
        )
        .toBeGreaterThan(0);
      await other.query("COMMIT");
      expect((await answer).body).toEqual({ inserted: 1, unchanged: 0, conflicts: [{ index: 0, id }] });
    } finally {
      await other.end();
    }
  });

  it("counts new predictions as pending in the metrics rollup of their day", async () => {
    const version = uniqueId("rollup");
    const rows = [0.05, 0.07, 0.93].map((value, i) => ({
      ...prediction(`${version}-${i}`),
      model_version: version,
      predicted_value: value,
    }));
    await post(predictions(), rows, ctx.key);
    await post(predictions(), rows, ctx.key);
    const { rows: rollup } = await ctx.iso.client.query(
      `SELECT day::text, bin, n_total, n_pending FROM metric_rollups WHERE model_version = $1 ORDER BY bin`,
      [version],
    );
    expect(rollup).toEqual([
      { day: "2026-03-02", bin: 0, n_total: 2, n_pending: 2 },
      { day: "2026-03-02", bin: 9, n_total: 1, n_pending: 1 },
    ]);
  });

  it("records the key's last use, at most once a minute", async () => {
    const used = await newApiKey(ctx.iso.db);
    const lastUsed = async () =>
      (await ctx.iso.db.apiKey.findUniqueOrThrow({ where: { keyHash: hashApiKey(used) } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await post(predictions(), [], used);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await post(predictions(), [], used);
    expect(await lastUsed()).toEqual(first);
  });

  it("is wired to the app's route: /api/v1/predictions answers 401 without a key", async () => {
    expect((await post(postPredictionsRoute, [])).status).toBe(401);
  });
});
