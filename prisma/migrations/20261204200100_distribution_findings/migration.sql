-- Issue 19: output and input drift findings, with their thresholds. Severity low by default (not
-- paging); an admin can raise it.
ALTER TYPE "finding_kind" ADD VALUE IF NOT EXISTS 'prediction_drift';
ALTER TYPE "finding_kind" ADD VALUE IF NOT EXISTS 'feature_drift';

ALTER TABLE "drift_settings"
  ADD COLUMN "prediction_drift_psi" DOUBLE PRECISION NOT NULL DEFAULT 0.2
    CHECK ("prediction_drift_psi" > 0 AND "prediction_drift_psi" <= 10),
  ADD COLUMN "feature_drift_psi" DOUBLE PRECISION NOT NULL DEFAULT 0.2
    CHECK ("feature_drift_psi" > 0 AND "feature_drift_psi" <= 10),
  ADD COLUMN "distribution_drift_severity" "alert_severity" NOT NULL DEFAULT 'low',
  -- Features profiled and shown but never a finding: identifiers, date stamps (a month stamp moves
  -- every month by construction), answer keys. Names, exactly as in the features JSON.
  ADD COLUMN "ignored_features" TEXT[] NOT NULL DEFAULT '{}'
    CHECK (cardinality("ignored_features") <= 500);
