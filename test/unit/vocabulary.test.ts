import { describe, expect, it } from "vitest";
import * as enums from "@/lib/generated/prisma/enums";
import { WINDOW_SCHEDULES } from "@/lib/schedules";
import {
  ALERT_STATE_LABELS,
  ALERT_STATES,
  AlertSeveritySchema,
  FINDING_KINDS,
  FINDING_LABELS,
  LABEL_STATUS_LABELS,
  LABEL_STATUSES,
  PREDICTION_TYPES,
  PredictionTypeSchema,
  ROLE_DESCRIPTIONS,
  ROLES,
  SCHEDULE_LABELS,
  SCHEDULE_WINDOWS,
  SEVERITIES_BY_URGENCY,
  SEVERITY_RANK,
  VALIDATION_OUTCOME_TYPES,
} from "@/lib/vocabulary";

// The compiler already refuses a word map that misses an enum value; these cases also catch a map
// that gains a stale key or an empty word, and a list that drifts from the schema.
const wordMaps = [
  { name: "alert states", values: ALERT_STATES, words: ALERT_STATE_LABELS, prisma: enums.AlertState },
  { name: "finding kinds", values: FINDING_KINDS, words: FINDING_LABELS, prisma: enums.FindingKind },
  { name: "label statuses", values: LABEL_STATUSES, words: LABEL_STATUS_LABELS, prisma: enums.LabelStatus },
  { name: "roles", values: ROLES, words: ROLE_DESCRIPTIONS, prisma: enums.UserRole },
  {
    name: "schedule windows",
    values: SCHEDULE_WINDOWS,
    words: SCHEDULE_LABELS,
    prisma: enums.ScheduleWindow,
  },
];

describe("one vocabulary, derived from the Prisma enums", () => {
  it.each(wordMaps)(
    "$name: every value has words, and only the schema's values do",
    ({ values, words, prisma }) => {
      expect([...values]).toEqual(Object.values(prisma));
      expect(Object.keys(words).sort()).toEqual(Object.values(prisma).sort());
      for (const word of Object.values(words)) expect(word.trim()).not.toBe("");
    },
  );

  it("words each labeling window's schedule as its cron fires", () => {
    expect(SCHEDULE_WINDOWS.map((window) => [SCHEDULE_LABELS[window], WINDOW_SCHEDULES[window]])).toEqual([
      ["every 4 h", "TZ=UTC 0 */4 * * *"],
      ["daily 02:00 UTC", "TZ=UTC 0 2 * * *"],
      ["Sundays 03:00 UTC", "TZ=UTC 0 3 * * 0"],
    ]);
  });

  it("lists the prediction types in the schema's order", () => {
    expect(PREDICTION_TYPES).toEqual(["trigger", "next_best_action", "churn", "market_share_impact", "risk"]);
    expect(VALIDATION_OUTCOME_TYPES).toEqual(Object.values(enums.ValidationOutcomeType));
  });

  it("parses only the schema's values", () => {
    expect(PredictionTypeSchema.safeParse("churn").success).toBe(true);
    expect(PredictionTypeSchema.safeParse("Churn").success).toBe(false);
    expect(AlertSeveritySchema.safeParse("urgent").success).toBe(false);
  });

  it("orders severities most urgent first, by rank", () => {
    expect(SEVERITIES_BY_URGENCY).toEqual(["critical", "high", "medium", "low"]);
    expect(Object.keys(SEVERITY_RANK).sort()).toEqual(Object.values(enums.AlertSeverity).sort());
  });
});
