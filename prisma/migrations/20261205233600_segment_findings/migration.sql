-- Issue 20: segment-level findings, opt-in per dimension by an admin (none by default: segments are
-- diagnostics). The dimensions are the Where panel's views; severity low by default (not paging).
ALTER TYPE "finding_kind" ADD VALUE IF NOT EXISTS 'segment_accuracy_degradation';

ALTER TABLE "drift_settings"
  ADD COLUMN "segment_finding_dimensions" TEXT[] NOT NULL DEFAULT '{}'
    CHECK ("segment_finding_dimensions" <@ ARRAY['brand_region', 'brand', 'region', 'action_type']::TEXT[]),
  ADD COLUMN "segment_finding_severity" "alert_severity" NOT NULL DEFAULT 'low';
