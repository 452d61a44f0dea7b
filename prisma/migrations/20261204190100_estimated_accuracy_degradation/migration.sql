-- Issue 17: the early warning `estimated_accuracy_degradation` (the nowcast of recent immature weeks
-- against the reference) and the admin setting that caps its severity. An estimate never pages by
-- itself: capped at medium unless an admin raises the cap (medium routes to Slack and email).
ALTER TYPE "finding_kind" ADD VALUE 'estimated_accuracy_degradation';

ALTER TABLE "drift_settings" ADD COLUMN "estimated_severity_cap" "alert_severity" NOT NULL DEFAULT 'medium';
