-- Issue 21, closing the loop: a person's verdict on an alert (resolving asks for one,
-- acknowledging may carry one, oncall/admin may change it later, each change on the timeline), and
-- snoozes that wait for an event instead of a duration (the drift analysis wakes them).
CREATE TYPE "alert_verdict" AS ENUM ('real_drift', 'expected_change', 'data_problem', 'noise');

ALTER TYPE "alert_event_kind" ADD VALUE 'verdict_changed';

ALTER TABLE "alerts"
  ADD COLUMN "verdict" "alert_verdict",
  -- {"kind": "next_mature_week", "afterWeek": "YYYY-MM-DD" | null} | {"kind": "label_pipeline_healthy"}
  -- | {"kind": "version_quiet", "days": N}: what an event-based snooze waits for.
  ADD COLUMN "snooze_event" JSONB;

-- A snoozed alert waits for a time or for an event, never both.
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_snoozed_has_until";
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_snoozed_has_until"
  CHECK (("state" = 'snoozed') = ("snoozed_until" IS NOT NULL OR "snooze_event" IS NOT NULL));
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_snooze_time_or_event"
  CHECK ("snoozed_until" IS NULL OR "snooze_event" IS NULL);
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_snooze_event_kind"
  CHECK ("snooze_event" IS NULL OR "snooze_event"->>'kind' IN ('next_mature_week', 'label_pipeline_healthy', 'version_quiet'));

-- The verdict an acknowledgement, resolution or verdict change recorded (the audit CSV's column).
ALTER TABLE "alert_events" ADD COLUMN "verdict" "alert_verdict";

-- The alert quality page counts verdicts of the alerts raised in a period.
CREATE INDEX "alerts_created_idx" ON "alerts" ("created_at");
