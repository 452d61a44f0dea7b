-- Issue 16: market_share_impact gets drift tests. Its direction accuracy is judged as
-- accuracy_degradation (for a share-delta model the direction is what "accurate" means); its MAE
-- as a new finding kind. Each has its own admin-editable threshold: an MAE rise in share units
-- (0.01 = one point of share) and a direction-accuracy drop (0.10 = 10 points).
ALTER TYPE "finding_kind" ADD VALUE 'mae_increase';
ALTER TABLE "drift_settings"
  ADD COLUMN "mae_increase" DOUBLE PRECISION NOT NULL DEFAULT 0.01,
  ADD COLUMN "direction_accuracy_drop" DOUBLE PRECISION NOT NULL DEFAULT 0.10,
  ADD CONSTRAINT "drift_settings_market_share" CHECK (
    "mae_increase" BETWEEN 0 AND 1 AND "direction_accuracy_drop" BETWEEN 0 AND 1
  );
