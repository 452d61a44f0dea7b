-- truth_decisions linear in the batch again. Migration 20261204000000_truth_rule_edges looked up
-- each trigger/next_best_action prediction's trigger in a second CTE and joined it back to the batch
-- on id; the planner guesses 10 rows for the unnested array and nested-looped the two CTE scans, so
-- a batch of n compared n² pairs (5,000 next_best_action rows: 1.4 s; bench:label at 983,162
-- predictions 36.5 s → 204 s, 59 → 200 PostgreSQL CPU-s). The trigger is now looked up in the batch's
-- own CTE, per row by index, as every other lookup is. Same decisions (truth-rules tests, the demo's
-- labels: test/integration/truth-rules.test.ts, early-labels-property.test.ts).
CREATE OR REPLACE FUNCTION "truth_decisions"("p_rows" "predictions"[], "r" "labeling_rules", "tz" TEXT)
RETURNS TABLE ("p" "predictions", "decision" "truth_decision")
LANGUAGE sql STABLE AS $$
  -- Each prediction with the trigger its rule reads (trigger and next_best_action; NULL for the
  -- others), by one linking rule: the prediction's trigger_id, else (when it finds nothing) the
  -- earliest trigger raised by the prediction (triggers.prediction_id). Looked up here, per row by
  -- index: a second CTE joined back on id was nested-looped over the array (the planner guesses 10
  -- rows for it), quadratic in the batch — 50,000 rows took minutes.
  WITH p AS MATERIALIZED (
    SELECT x AS row, x."id", x."prediction_type", x."predicted_value", x."hcp_id", x."patient_id", x."brand", x."region",
           x."action_type", x."trigger_id", "prediction_day"(x."predicted_at", tz) AS day,
           coalesce(by_id."id", by_prediction."id") AS "link_id",
           CASE WHEN by_id."id" IS NOT NULL THEN by_id."delivery_status" ELSE by_prediction."delivery_status" END AS "link_delivery_status",
           CASE WHEN by_id."id" IS NOT NULL THEN by_id."acceptance_status" ELSE by_prediction."acceptance_status" END AS "link_acceptance_status",
           CASE WHEN by_id."id" IS NOT NULL THEN by_id."content_engaged" ELSE by_prediction."content_engaged" END AS "link_content_engaged",
           CASE WHEN by_id."id" IS NOT NULL THEN by_id."content_engaged_at" ELSE by_prediction."content_engaged_at" END AS "link_content_engaged_at"
    FROM unnest(p_rows) AS x
    LEFT JOIN "triggers" by_id
      ON by_id."id" = x."trigger_id" AND x."prediction_type" IN ('trigger', 'next_best_action')
    LEFT JOIN LATERAL (
      SELECT t."id", t."delivery_status", t."acceptance_status", t."content_engaged", t."content_engaged_at" FROM "triggers" t
      WHERE by_id."id" IS NULL AND x."prediction_type" IN ('trigger', 'next_best_action') AND t."prediction_id" = x."id"
      ORDER BY t."created_at", t."id" LIMIT 1
    ) by_prediction ON true
  )
  -- trigger: did the HCP write a script for the brand after the trigger?
  SELECT p.row, CASE
    WHEN p."link_id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'triggers', 'no trigger found')::"truth_decision"
    WHEN p."link_delivery_status" <> 'delivered' THEN ROW('EXCLUDED', NULL, NULL, 'triggers', 'trigger not delivered')::"truth_decision"
    WHEN EXISTS (
      SELECT 1 FROM "treatment_events" e
      WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
        AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days"
    ) THEN ROW('POSITIVE', 1, (r."params"->>'confidence')::float8, 'treatment_events', NULL)::"truth_decision"
    ELSE ROW('NEGATIVE', 0, (r."params"->>'confidence')::float8, 'treatment_events', NULL)::"truth_decision"
  END
  FROM p
  WHERE p."prediction_type" = 'trigger'

  UNION ALL
  -- next_best_action: did the recommended action lead to its intended outcome?
  SELECT p.row, CASE
    WHEN p."link_id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'triggers', 'no trigger generated')::"truth_decision"
    WHEN p."link_acceptance_status" = 'accepted' AND CASE p."action_type"
      WHEN 'schedule_visit' THEN EXISTS (
        SELECT 1 FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'consultation'
          AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days")
      -- The engagement counts only on a day of the window (an unknown time is not in it).
      WHEN 'send_content' THEN p."link_content_engaged" AND coalesce(
        "prediction_day"(p."link_content_engaged_at", tz) BETWEEN p.day + 1 AND p.day + r."observation_window_days", false)
      WHEN 'priority_call' THEN EXISTS (
        SELECT 1 FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
          AND e."event_date" BETWEEN p.day + 1 AND p.day + (r."params"->>'priority_call_days')::int)
      ELSE EXISTS (
        SELECT 1 FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription'
          AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days")
    END
      THEN ROW('POSITIVE', 1, (r."params"->>'delivered_confidence')::float8, 'triggers+treatment_events', NULL)::"truth_decision"
    ELSE ROW('NEGATIVE', 0,
      CASE WHEN p."link_delivery_status" = 'delivered' THEN (r."params"->>'delivered_confidence')::float8
           ELSE (r."params"->>'undelivered_confidence')::float8 END,
      'triggers+treatment_events', NULL)::"truth_decision"
  END
  FROM p
  WHERE p."prediction_type" = 'next_best_action'

  UNION ALL
  -- churn: did the HCP stop or sharply reduce prescribing the brand?
  SELECT p.row, CASE
    WHEN p."hcp_id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'treatment_events', 'no HCP on the prediction')::"truth_decision"
    WHEN c.prior < (r."params"->>'min_prior_scripts')::int
      THEN ROW('INDETERMINATE', NULL, NULL, 'treatment_events', 'insufficient prior activity')::"truth_decision"
    ELSE ROW(
      CASE WHEN c.churned THEN 'POSITIVE' ELSE 'NEGATIVE' END::"label_status",
      CASE WHEN c.churned THEN 1 ELSE 0 END,
      CASE WHEN c.prior >= (r."params"->>'strong_prior_scripts')::int THEN (r."params"->>'high_confidence')::float8
           ELSE (r."params"->>'base_confidence')::float8 END,
      'treatment_events', NULL)::"truth_decision"
  END
  FROM p
  CROSS JOIN LATERAL (
    SELECT n.prior,
           -- NULLIF: with no prior scripts the row is INDETERMINATE and `churned` is never read.
           n.in_window = 0 OR n.in_window::float8 / NULLIF(n.prior, 0) < (r."params"->>'drop_ratio')::float8 AS churned
    FROM (
      SELECT count(*) FILTER (WHERE e."event_date" < p.day) AS prior, count(*) FILTER (WHERE e."event_date" > p.day) AS in_window
      FROM "treatment_events" e
      WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
        AND e."event_date" BETWEEN p.day - (r."params"->>'prior_days')::int AND p.day + r."observation_window_days"
    ) n
  ) c
  WHERE p."prediction_type" = 'churn'

  UNION ALL
  -- market_share_impact: did the brand's share in the region move as predicted?
  SELECT p.row, CASE
    WHEN b0."value" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'business_metrics', 'market share missing for ' || to_char(m.baseline_month, 'YYYY-MM'))::"truth_decision"
    WHEN b1."value" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'business_metrics', 'market share missing for ' || to_char(m.outcome_month, 'YYYY-MM'))::"truth_decision"
    -- In exact decimal (each value as the decimal it was sent as, 15 significant digits): in binary
    -- floating point a difference of exactly the tolerance fell either way.
    WHEN sign(b1."value"::numeric - b0."value"::numeric) = sign(p."predicted_value"::numeric)
      AND abs((b1."value"::numeric - b0."value"::numeric) - p."predicted_value"::numeric) <= (r."params"->>'tolerance_share')::numeric
      THEN ROW('POSITIVE', b1."value" - b0."value", (r."params"->>'confidence')::float8, 'business_metrics', NULL)::"truth_decision"
    ELSE ROW('NEGATIVE', b1."value" - b0."value", (r."params"->>'confidence')::float8, 'business_metrics', NULL)::"truth_decision"
  END
  FROM p
  CROSS JOIN LATERAL (
    SELECT date_trunc('month', p.day)::date AS baseline_month, date_trunc('month', p.day + r."observation_window_days")::date AS outcome_month
  ) m
  LEFT JOIN "business_metrics" b0 ON b0."metric_type" = r."params"->>'metric_type' AND b0."brand" = p."brand"
    AND b0."region" = p."region" AND b0."metric_date" = m.baseline_month
  LEFT JOIN "business_metrics" b1 ON b1."metric_type" = r."params"->>'metric_type' AND b1."brand" = p."brand"
    AND b1."region" = p."region" AND b1."metric_date" = m.outcome_month
  WHERE p."prediction_type" = 'market_share_impact'

  UNION ALL
  -- risk (of NON-persistence): POSITIVE = the patient did not stay on therapy. Fills are intervals
  -- [s, e] of window days 1..W; coverage is their union, gaps include the days before the first fill
  -- and after the last fill's coverage.
  SELECT p.row, CASE
    WHEN p."patient_id" IS NULL THEN ROW('EXCLUDED', NULL, NULL, 'treatment_events', 'no patient on the prediction')::"truth_decision"
    WHEN a.fills = 0 THEN ROW('POSITIVE', 1, (r."params"->>'no_fills_confidence')::float8, 'treatment_events', NULL)::"truth_decision"
    ELSE ROW(
      CASE WHEN a.persisted THEN 'NEGATIVE' ELSE 'POSITIVE' END::"label_status",
      CASE WHEN a.persisted THEN 0 ELSE 1 END,
      CASE WHEN a.fills >= (r."params"->>'many_fills')::int THEN (r."params"->>'many_fills_confidence')::float8
           ELSE (r."params"->>'some_fills_confidence')::float8 END,
      'treatment_events', NULL)::"truth_decision"
  END
  FROM p
  CROSS JOIN LATERAL (
    SELECT v.fills,
           v.covered::float8 / r."observation_window_days" >= (r."params"->>'min_coverage')::float8
             AND v.max_gap <= (r."params"->>'max_gap_days')::int AS persisted
    FROM (
      SELECT count(*) AS fills,
             coalesce(sum(GREATEST(0, g.e - GREATEST(g.s, coalesce(g.prev_end, 0) + 1) + 1)), 0) AS covered,
             GREATEST(coalesce(max(GREATEST(0, g.s - coalesce(g.prev_end, 0) - 1)), 0), r."observation_window_days" - coalesce(max(g.e), 0)) AS max_gap
      FROM (
        SELECT f.s, f.e, max(f.e) OVER (ORDER BY f.s, f.e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
        FROM (
          SELECT e."event_date" - p.day AS s,
                 LEAST(e."event_date" - p.day + coalesce(e."duration_days", (r."params"->>'default_fill_days')::int) - 1, r."observation_window_days") AS e
          FROM "treatment_events" e
          WHERE e."patient_id" = p."patient_id" AND e."event_type" = 'prescription'
            AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days"
        ) f
      ) g
    ) v
  ) a
  WHERE p."prediction_type" = 'risk'
$$;
