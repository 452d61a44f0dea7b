import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "../support/database";

// Property over the whole demo (loaded by `npm test` before the suite and labeled at maturity):
// early_decided_on returns a prediction exactly when the truth rule's label at maturity is the
// type's early class (EARLY_CLASS), never later than maturity and never before the source lag.
describe("early_decided_on over the demo", () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(() => client.end());

  it("decides early exactly the labels the rule gives at maturity, between lag and maturity", async () => {
    const { rows } = await client.query(`
      WITH s AS (SELECT "timezone" AS tz FROM drift_settings WHERE id = 1),
      d AS (
        SELECT x.id, x.decided_on FROM labeling_rules r CROSS JOIN s
        CROSS JOIN LATERAL early_decided_on(
          ARRAY(SELECT p FROM predictions p WHERE p.prediction_type = r.prediction_type AND p.label <> 'PENDING'
                  AND p.features ? 'expected_label'), r, s.tz) x
      )
      SELECT p.prediction_type AS type,
             count(*)::int AS labeled,
             count(d.id)::int AS early,
             count(*) FILTER (WHERE d.id IS NOT NULL AND p.label <> CASE p.prediction_type WHEN 'churn' THEN 'NEGATIVE'::label_status ELSE 'POSITIVE' END)::int AS early_but_other,
             count(*) FILTER (WHERE d.id IS NULL AND p.prediction_type <> 'market_share_impact'
                                AND p.label = CASE p.prediction_type WHEN 'churn' THEN 'NEGATIVE'::label_status ELSE 'POSITIVE' END)::int AS early_class_missed,
             count(*) FILTER (WHERE d.decided_on > prediction_day(p.predicted_at, s.tz) + r.observation_window_days + r.source_lag_days)::int AS after_maturity,
             count(*) FILTER (WHERE d.decided_on < prediction_day(p.predicted_at, s.tz) + r.source_lag_days)::int AS before_lag
      FROM predictions p JOIN labeling_rules r USING (prediction_type) CROSS JOIN s LEFT JOIN d ON d.id = p.id
      WHERE p.label <> 'PENDING' AND p.features ? 'expected_label'
      GROUP BY 1 ORDER BY 1`);
    for (const row of rows) {
      expect({ type: row.type, early_but_other: row.early_but_other }).toEqual({
        type: row.type,
        early_but_other: 0,
      });
      expect({ type: row.type, missed: row.early_class_missed }).toEqual({ type: row.type, missed: 0 });
      expect({ type: row.type, after: row.after_maturity, before: row.before_lag }).toEqual({
        type: row.type,
        after: 0,
        before: 0,
      });
    }
    const early = Object.fromEntries(rows.map((row) => [row.type, row.early > 0]));
    // market_share_impact has no early class; every binary type decides some labels early.
    expect(early).toEqual({
      trigger: true,
      next_best_action: true,
      churn: true,
      market_share_impact: false,
      risk: true,
    });
  });
});
