-- Issue 17: the day each prediction's early-class label became certain, for development curves and
-- early labeling. A new function; the truth rules themselves are unchanged.
-- The day each prediction's early-class label became certain (SPEC §4.2, issue 17): the day the
-- last event that settles it became visible (event day + source lag). Rows whose label at maturity
-- is not the early class are not returned. trigger / next_best_action: POSITIVE once the script or
-- the accepted trigger's outcome is seen; churn: NEGATIVE once in-window scripts reach drop_ratio
-- of the prior; risk: POSITIVE once the uncovered days (which later fills cannot cover) exceed
-- 1 − min_coverage of the window, or one gap exceeds max_gap_days. market_share_impact: none.
-- Same windows, links and parameters as truth_decisions; the property test over the demo checks
-- that a row is returned exactly when truth_decisions gives the early class.
CREATE OR REPLACE FUNCTION "early_decided_on"("p_rows" "predictions"[], "r" "labeling_rules", "tz" TEXT)
RETURNS TABLE ("id" TEXT, "decided_on" DATE)
LANGUAGE sql STABLE AS $$
  WITH p AS MATERIALIZED (
    SELECT x."id", x."prediction_type", x."hcp_id", x."patient_id", x."brand", x."action_type", x."trigger_id",
           "prediction_day"(x."predicted_at", tz) AS day
    FROM unnest(p_rows) AS x
  )
  SELECT p."id", e.first_day + r."source_lag_days"
  FROM p
  LEFT JOIN "triggers" by_id ON by_id."id" = p."trigger_id"
  LEFT JOIN LATERAL (
    SELECT t."id", t."delivery_status" FROM "triggers" t
    WHERE by_id."id" IS NULL AND t."prediction_id" = p."id" ORDER BY t."created_at", t."id" LIMIT 1
  ) by_prediction ON true
  CROSS JOIN LATERAL (
    SELECT min(e."event_date") AS first_day FROM "treatment_events" e
    WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
      AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days"
  ) e
  WHERE p."prediction_type" = 'trigger' AND e.first_day IS NOT NULL
    AND CASE WHEN by_id."id" IS NOT NULL THEN by_id."delivery_status" ELSE by_prediction."delivery_status" END = 'delivered'

  UNION ALL
  SELECT p."id", GREATEST(o.outcome_day, "prediction_day"(t."accepted_at", tz), p.day) + r."source_lag_days"
  FROM p
  LEFT JOIN "triggers" by_id ON by_id."id" = p."trigger_id"
  LEFT JOIN LATERAL (
    SELECT t."id" FROM "triggers" t
    WHERE by_id."id" IS NULL AND t."prediction_id" = p."id" ORDER BY t."created_at", t."id" LIMIT 1
  ) by_prediction ON true
  JOIN "triggers" t ON t."id" = coalesce(by_id."id", by_prediction."id")
  CROSS JOIN LATERAL (
    SELECT CASE p."action_type"
      WHEN 'schedule_visit' THEN (SELECT min(e."event_date") FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'consultation'
          AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days")
      WHEN 'send_content' THEN CASE WHEN t."content_engaged"
        AND "prediction_day"(t."content_engaged_at", tz) BETWEEN p.day + 1 AND p.day + r."observation_window_days"
        THEN "prediction_day"(t."content_engaged_at", tz) END
      WHEN 'priority_call' THEN (SELECT min(e."event_date") FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
          AND e."event_date" BETWEEN p.day + 1 AND p.day + (r."params"->>'priority_call_days')::int)
      ELSE (SELECT min(e."event_date") FROM "treatment_events" e WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription'
          AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days")
    END AS outcome_day
  ) o
  WHERE p."prediction_type" = 'next_best_action' AND t."acceptance_status" = 'accepted' AND o.outcome_day IS NOT NULL

  UNION ALL
  -- churn: the k-th in-window script, k the least count with k / prior ≥ drop_ratio (compared as the rule does).
  SELECT p."id", s."event_date" + r."source_lag_days"
  FROM p
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS prior FROM "treatment_events" e
    WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
      AND e."event_date" BETWEEN p.day - (r."params"->>'prior_days')::int AND p.day - 1
  ) c
  CROSS JOIN LATERAL (
    SELECT min(k) AS k FROM generate_series(1, c.prior) k WHERE k::float8 / c.prior >= (r."params"->>'drop_ratio')::float8
  ) need
  CROSS JOIN LATERAL (
    SELECT e."event_date" FROM "treatment_events" e
    WHERE e."hcp_id" = p."hcp_id" AND e."event_type" = 'prescription' AND e."brand" = p."brand"
      AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days"
    ORDER BY e."event_date" OFFSET need.k - 1 LIMIT 1
  ) s
  WHERE p."prediction_type" = 'churn' AND p."hcp_id" IS NOT NULL AND c.prior >= (r."params"->>'min_prior_scripts')::int

  UNION ALL
  -- risk: the uncovered runs of window days 1..W (before, between and after the fills' coverage),
  -- in order, each with the uncovered days before it; the label is certain on the day the
  -- uncovered count reaches `need` or a run passes max_gap_days, whichever comes first.
  SELECT p."id", p.day + least(d.by_coverage, d.by_gap)::int + r."source_lag_days"
  FROM p
  CROSS JOIN LATERAL (
    SELECT min(k) AS k FROM generate_series(1, r."observation_window_days") k
    WHERE (r."observation_window_days" - k)::float8 / r."observation_window_days" < (r."params"->>'min_coverage')::float8
  ) need
  CROSS JOIN LATERAL (
    SELECT min(gp.a + need.k - gp.before - 1) FILTER (WHERE gp.before < need.k AND need.k <= gp.before + gp.len) AS by_coverage,
           min(gp.a + (r."params"->>'max_gap_days')::int) FILTER (WHERE gp.len > (r."params"->>'max_gap_days')::int) AS by_gap
    FROM (
      SELECT g.a, g.len, coalesce(sum(g.len) OVER (ORDER BY g.a ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
      FROM (
        SELECT coalesce(f.prev_end, 0) + 1 AS a, f.s - coalesce(f.prev_end, 0) - 1 AS len
        FROM (
          SELECT f.s, max(f.e) OVER (ORDER BY f.s, f.e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
          FROM (
            SELECT e."event_date" - p.day AS s,
                   LEAST(e."event_date" - p.day + coalesce(e."duration_days", (r."params"->>'default_fill_days')::int) - 1, r."observation_window_days") AS e
            FROM "treatment_events" e
            WHERE e."patient_id" = p."patient_id" AND e."event_type" = 'prescription'
              AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days"
          ) f
        ) f
        WHERE f.s - coalesce(f.prev_end, 0) - 1 > 0
        UNION ALL
        SELECT coalesce(max(f.e), 0) + 1, r."observation_window_days" - coalesce(max(f.e), 0)
        FROM (
          SELECT LEAST(e."event_date" - p.day + coalesce(e."duration_days", (r."params"->>'default_fill_days')::int) - 1, r."observation_window_days") AS e
          FROM "treatment_events" e
          WHERE e."patient_id" = p."patient_id" AND e."event_type" = 'prescription'
            AND e."event_date" BETWEEN p.day + 1 AND p.day + r."observation_window_days"
        ) f
        HAVING r."observation_window_days" - coalesce(max(f.e), 0) > 0
      ) g
    ) gp
  ) d
  WHERE p."prediction_type" = 'risk' AND p."patient_id" IS NOT NULL AND least(d.by_coverage, d.by_gap) IS NOT NULL
$$;
