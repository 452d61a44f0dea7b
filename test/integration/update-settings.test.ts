import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LabelingRuleInput } from "@/lib/labeling/labeling-rule-input";
import { DriftSettingsInput } from "@/lib/settings/drift-settings-input";
import { ruleFromForm } from "@/lib/settings/rule-form";
import { updateDriftSettings, updateLabelingRule } from "@/lib/settings/update-settings";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return data;
};

const THRESHOLDS = {
  currentWeeks: "1",
  baselineWeeks: "12",
  minCurrentN: "50",
  minBaselineN: "200",
  minCalibrationN: "200",
  alpha: "0.05",
  accuracyDrop: "0.04",
  accuracyCriticalDrop: "0.1",
  eceIncrease: "0.1",
  eceHighIncrease: "0.15",
  classShift: "0.15",
  pipelineBadShare: "0.2",
  pipelineMinCoverage: "0.8",
  maeIncrease: "0.01",
  directionAccuracyDrop: "0.1",
  predictionDriftPsi: "0.2",
  featureDriftPsi: "0.2",
  distributionDriftSeverity: "low",
  maxFeaturesPerType: "50",
  ignoredFeatures: "",
  maxSnoozeHours: "168",
  notificationsPerHour: "20",
  runLogRetentionDays: "90",
  estimatedSeverityCap: "medium",
  segmentFindingDimensions: "",
  segmentFindingSeverity: "low",
};

// Its own schema: the demo's settings and rules stay as they are for the other tests and the journeys.
describe("editing settings", () => {
  let iso: IsolatedSchema;
  let db: IsolatedSchema["db"];
  let admin: { id: string; email: string };
  const now = new Date("2026-11-27T11:00:00Z");
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    db = iso.db;
    admin = await db.user.create({ data: { email: "ada@example.com", name: "Ada", role: "admin" } });
  });
  afterAll(() => iso.drop());

  it.each([
    { name: "a blank field", change: { minCurrentN: "" }, path: "minCurrentN", message: "Enter a number" },
    { name: "a word", change: { alpha: "five" }, path: "alpha", message: "Enter a number" },
    {
      name: "a fraction of a week",
      change: { baselineWeeks: "1.5" },
      path: "baselineWeeks",
      message: "Enter a whole number",
    },
    { name: "a share above 1", change: { classShift: "15" }, path: "classShift", message: "Between 0 and 1" },
    {
      name: "a critical drop below the alerting one",
      change: { accuracyCriticalDrop: "0.03" },
      path: "accuracyCriticalDrop",
      message: "Must be at least the alerting drop",
    },
    {
      name: "a snooze over a week",
      change: { maxSnoozeHours: "169" },
      path: "maxSnoozeHours",
      message: "At most 168",
    },
    { name: "a PSI of 0", change: { featureDriftPsi: "0" }, path: "featureDriftPsi", message: "Above 0" },
    {
      name: "a severity that does not exist",
      change: { distributionDriftSeverity: "urgent" },
      path: "distributionDriftSeverity",
      message: "One of low, medium, high, critical",
    },
    {
      name: "a feature name too long to be one",
      change: { ignoredFeatures: `ok, ${"x".repeat(201)}` },
      path: "ignoredFeatures.1",
      message: "A feature name is at most 200 characters",
    },
    {
      name: "no features tracked at all",
      change: { maxFeaturesPerType: "0" },
      path: "maxFeaturesPerType",
      message: "At least 1",
    },
    {
      name: "a severity cap that is no severity",
      change: { estimatedSeverityCap: "page-me" },
      path: "estimatedSeverityCap",
      message: "One of low, medium, high, critical",
    },
    {
      name: "a segment dimension that does not exist",
      change: { segmentFindingDimensions: "brand, planet" },
      path: "segmentFindingDimensions",
      message: "Each one of brand_region, brand, region, action_type, at most once",
    },
    {
      name: "a segment dimension twice",
      change: { segmentFindingDimensions: "region,region" },
      path: "segmentFindingDimensions",
      message: "Each one of brand_region, brand, region, action_type, at most once",
    },
    {
      name: "a segment finding severity that is no severity",
      change: { segmentFindingSeverity: "urgent" },
      path: "segmentFindingSeverity",
      message: "One of low, medium, high, critical",
    },
  ])("refuses thresholds with $name, naming the field", ({ change, path, message }) => {
    const result = DriftSettingsInput.safeParse({ ...THRESHOLDS, ...change });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      [path, message],
    ]);
  });

  it("reads ignored features typed comma-separated, blanks dropped; an empty field is an empty list", () => {
    expect(
      DriftSettingsInput.parse({ ...THRESHOLDS, ignoredFeatures: " expected_label, ,baseline_month ," }),
    ).toMatchObject({
      ignoredFeatures: ["expected_label", "baseline_month"],
      distributionDriftSeverity: "low",
    });
    expect(DriftSettingsInput.parse(THRESHOLDS).ignoredFeatures).toEqual([]);
  });

  it("saves the thresholds with who and when; a save over a newer one is refused with who changed it", async () => {
    const before = await db.driftSettings.findUniqueOrThrow({ where: { id: 1 } });
    const saved = await updateDriftSettings({
      db,
      actor: admin,
      now,
      input: { ...DriftSettingsInput.parse(THRESHOLDS), loadedAt: before.updatedAt },
    });
    expect(saved).toMatchObject({
      accuracyDrop: 0.04,
      timezone: "UTC",
      updatedAt: now,
      updatedById: admin.id,
    });
    await expect(
      updateDriftSettings({
        db,
        actor: admin,
        now,
        input: { ...DriftSettingsInput.parse({ ...THRESHOLDS, alpha: "0.01" }), loadedAt: before.updatedAt },
      }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message:
        "The thresholds were changed by ada@example.com at 2026-11-27 11:00 UTC, after you opened this page; reload to see the change, then edit again.",
    });
    expect((await db.driftSettings.findUniqueOrThrow({ where: { id: 1 } })).alpha).toBe(0.05);
    // Only what changed is recorded, with who; the refused save left nothing.
    expect(
      await db.adminEvent.findMany({
        where: { kind: "thresholds_changed" },
        select: { actorLabel: true, subject: true, changes: true, createdAt: true },
      }),
    ).toEqual([
      {
        actorLabel: "ada@example.com",
        subject: "drift thresholds",
        changes: { accuracyDrop: [0.05, 0.04] },
        createdAt: now,
      },
    ]);
  });

  it("two saves at the same moment: the one that waited for the other's lock is refused naming who saved", async () => {
    const grace = (
      await db.user.create({ data: { email: "grace@example.com", name: "Grace", role: "admin" } })
    ).id;
    const loaded = (await db.driftSettings.findUniqueOrThrow({ where: { id: 1 } })).updatedAt;
    const winnerAt = new Date("2026-11-27T12:30:00Z");
    // Grace's save holds the row while Ada's starts from the same page load.
    await iso.client.query("BEGIN");
    await iso.client.query("UPDATE drift_settings SET updated_at = $1, updated_by = $2 WHERE id = 1", [
      winnerAt,
      grace,
    ]);
    const loser = updateDriftSettings({
      db,
      actor: admin,
      now: winnerAt,
      input: { ...DriftSettingsInput.parse(THRESHOLDS), loadedAt: loaded },
    }).catch((error: unknown) => error);
    await expect
      .poll(
        async () =>
          (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`)[0]
            .n,
      )
      .toBeGreaterThan(0);
    await iso.client.query("COMMIT");
    expect(await loser).toMatchObject({
      code: "CONFLICT",
      message:
        "The thresholds were changed by grace@example.com at 2026-11-27 12:30 UTC, after you opened this page; reload to see the change, then edit again.",
    });
  });

  it("raising the early warnings' severity cap is an administrative record like any threshold (issue 17)", async () => {
    const loaded = await db.driftSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(loaded.estimatedSeverityCap).toBe("medium");
    const at = new Date("2026-11-27T13:00:00Z");
    await updateDriftSettings({
      db,
      actor: admin,
      now: at,
      input: {
        ...DriftSettingsInput.parse({ ...THRESHOLDS, estimatedSeverityCap: "critical" }),
        loadedAt: loaded.updatedAt,
      },
    });
    expect((await db.driftSettings.findUniqueOrThrow({ where: { id: 1 } })).estimatedSeverityCap).toBe(
      "critical",
    );
    expect(
      await db.adminEvent.findMany({
        where: { kind: "thresholds_changed", createdAt: at },
        select: { actorLabel: true, changes: true },
      }),
    ).toEqual([{ actorLabel: "ada@example.com", changes: { estimatedSeverityCap: ["medium", "critical"] } }]);
  });

  it("reads a rule's form: numbers, a name parameter, the checkbox", () => {
    expect(
      ruleFromForm(
        form({
          predictionType: "market_share_impact",
          observationWindowDays: " 90 ",
          sourceLagDays: "14",
          recheckHorizonDays: "60",
          scheduleWindow: "long",
          "param.tolerance_share": "0.03",
          "param.confidence": "0.95",
          "param.metric_type": "market_share",
          loadedAt: "x",
        }),
      ),
    ).toEqual({
      predictionType: "market_share_impact",
      observationWindowDays: 90,
      sourceLagDays: 14,
      recheckHorizonDays: 60,
      scheduleWindow: "long",
      enabled: false,
      params: { tolerance_share: 0.03, confidence: 0.95, metric_type: "market_share" },
    });
  });

  it("a new window or parameter is a new rule version; switching the rule off is not", async () => {
    const rule = await db.labelingRule.findUniqueOrThrow({ where: { predictionType: "trigger" } });
    const fields = {
      predictionType: "trigger",
      observationWindowDays: "21",
      sourceLagDays: "12",
      recheckHorizonDays: "60",
      scheduleWindow: "short",
      "param.confidence": "0.9",
      enabled: "on",
    };
    const same = await updateLabelingRule({
      db,
      actor: admin,
      now,
      input: { ...LabelingRuleInput.parse(ruleFromForm(form(fields))), loadedAt: rule.updatedAt },
    });
    expect(same.ruleVersion).toBe(1);
    const off = await updateLabelingRule({
      db,
      actor: admin,
      now: new Date(now.getTime() + 1000),
      input: {
        ...LabelingRuleInput.parse(ruleFromForm(form({ ...fields, enabled: "" }))),
        loadedAt: same.updatedAt,
      },
    });
    expect(off).toMatchObject({ ruleVersion: 1, enabled: false });
    const wider = await updateLabelingRule({
      db,
      actor: admin,
      now: new Date(now.getTime() + 2000),
      input: {
        ...LabelingRuleInput.parse(ruleFromForm(form({ ...fields, "param.confidence": "0.85" }))),
        loadedAt: off.updatedAt,
      },
    });
    expect(wider).toMatchObject({
      ruleVersion: 2,
      enabled: true,
      params: { confidence: 0.85 },
      updatedById: admin.id,
    });
    // Saving it unchanged recorded nothing; switching it off and the new parameter did, with the version.
    expect(
      (
        await db.adminEvent.findMany({
          where: { kind: "rule_changed", subject: "trigger" },
          orderBy: { id: "asc" },
          select: { changes: true },
        })
      ).map((e) => e.changes),
    ).toEqual([
      { enabled: [true, false] },
      { enabled: [false, true], params: [{ confidence: 0.9 }, { confidence: 0.85 }], ruleVersion: [1, 2] },
    ]);
  });

  it.each([
    { name: "an unknown parameter (a typo)", change: { "param.confidense": "0.9" }, path: "params" },
    { name: "a confidence above 1", change: { "param.confidence": "1.5" }, path: "params.confidence" },
    { name: "a window of 0 days", change: { observationWindowDays: "0" }, path: "observationWindowDays" },
    { name: "a blank lag", change: { sourceLagDays: "" }, path: "sourceLagDays" },
  ] as { name: string; change: Record<string, string>; path: string }[])(
    "refuses a rule with $name, naming the field",
    ({ change, path }) => {
      const fields = {
        predictionType: "trigger",
        observationWindowDays: "21",
        sourceLagDays: "12",
        recheckHorizonDays: "60",
        scheduleWindow: "short",
        "param.confidence": "0.9",
        ...change,
      };
      const result = LabelingRuleInput.safeParse(ruleFromForm(form(fields)));
      expect(result.success).toBe(false);
      expect(result.error!.issues[0].path.join(".")).toBe(path);
    },
  );
});
