// Issue 16: an admin pins a model version's reference period; the analysis compares with it, the
// evaluation and the alert say so, clearing it returns to the default, and it is on the record.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeConceptDrift } from "@/lib/alerts/analyze-concept-drift";
import { describeReference } from "@/lib/drift/finding-words";
import { DomainError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/api-handler";
import { clearReferencePeriod, pinReferencePeriod } from "@/lib/settings/pin-reference-period";
import { PinReferenceInput } from "@/lib/settings/reference-period-input";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

const monday = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i));
// Week 18 is the current week: mature 8 days after it starts (window 1 d, lag 0 d).
const NOW = new Date(monday(18).getTime() + 8 * 86_400_000);

describe.skipIf(isEmbedded())("pinned reference periods", () => {
  let iso: IsolatedSchema;
  let admin: { id: string; email: string };
  let oncall: { id: string; email: string };
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    admin = await iso.db.user.create({
      data: { email: "ada@example.com", name: "Ada", role: "admin" },
      select: { id: true, email: true },
    });
    oncall = await iso.db.user.create({
      data: { email: "otto@example.com", name: "Otto", role: "oncall" },
      select: { id: true, email: true },
    });
    await iso.client.query(
      `UPDATE labeling_rules SET observation_window_days = 1, source_lag_days = 0 WHERE prediction_type = 'churn'`,
    );
    // Weeks 0–11 at 80 % accuracy, then a lasting change to 72 % (weeks 12–18): 600 labels a week,
    // half positive, every prediction 0.75 (one bin), so only accuracy moves.
    for (let i = 0; i <= 18; i++)
      await iso.client.query(
        `INSERT INTO metric_rollups (prediction_type, model_version, day, bin, n_total, n_positive, n_negative, n_correct, sum_predicted)
         VALUES ('churn', 'v9', $1, 7, 600, 300, 300, $2, 450)`,
        [monday(i), i < 12 ? 480 : 432],
      );
    // Churn's labeling run as of NOW has labeled every week (a week is mature once labeled).
    await iso.client.query(
      `INSERT INTO feedback_loop_runs (schedule_window, prediction_type, status, triggered_by, started_at, finished_at)
       VALUES ('medium', 'churn', 'COMPLETED', 'test', $1, $1)`,
      [NOW],
    );
  });
  afterAll(() => iso.drop());

  const accuracy = () =>
    iso.db.driftAlertStatus.findUniqueOrThrow({
      where: {
        predictionType_modelVersion_findingKind: {
          predictionType: "churn",
          modelVersion: "v9",
          findingKind: "accuracy_degradation",
        },
      },
    });
  const referenceOf = (row: Awaited<ReturnType<typeof accuracy>>) => ({
    from: row.referenceFrom!.toISOString().slice(0, 10),
    to: row.referenceTo!.toISOString().slice(0, 10),
    weeks: row.referenceWeeks,
    pinned: row.referencePinned,
  });

  it("default → pinned → cleared: the analysis compares with the reference in force, and says which", async () => {
    await analyzeConceptDrift({ db: iso.db, now: NOW });
    let row = await accuracy();
    expect([row.status, row.severity, row.currentValue, row.baselineValue, row.baselineN]).toEqual([
      "ALERT",
      "high",
      0.72,
      0.8,
      7200,
    ]);
    // The twelve reference weeks are identical (τ² = 0): the binomial one-sided z-test, z = −4.6539.
    expect(row.pValue).toBeCloseTo(1.628267674345594e-6, 12);
    expect(describeReference(referenceOf(row))).toBe(
      "reference: first 12 mature weeks (2026-01-05 – 2026-03-23)",
    );
    const [alert] = await iso.db.alert.findMany();
    expect((alert.details as { reference: unknown }).reference).toEqual({
      from: "2026-01-05",
      to: "2026-03-23",
      weeks: 12,
      pinned: false,
    });

    // The admin accepts weeks 12–17 as the new normal: any day stands for its week (Wednesday → Monday).
    const input = PinReferenceInput.parse({
      predictionType: "churn",
      modelVersion: "v9",
      from: "2026-04-01",
      to: "2026-05-04",
    });
    expect(await pinReferencePeriod({ db: iso.db, actor: admin, now: NOW, input })).toEqual({
      from: "2026-03-30",
      to: "2026-05-04",
    });
    await analyzeConceptDrift({ db: iso.db, now: NOW });
    row = await accuracy();
    expect([row.status, row.currentValue, row.baselineValue, row.baselineN]).toEqual([
      "OK",
      0.72,
      0.72,
      3600,
    ]);
    expect(
      row.reason.startsWith("vs reference: accuracy 72.0% vs 72.0% (drop 0.0 pts, threshold 5.0 pts)"),
    ).toBe(true);
    expect(describeReference(referenceOf(row))).toBe(
      "reference: pinned by an admin, 2026-03-30 – 2026-05-04",
    );
    // Within the threshold of the pinned reference; the open alert resolves by itself only on a
    // later mature week (SPEC §5: the same week read again changes nothing).
    expect(row.status === "OK" && (await iso.db.alert.findFirstOrThrow()).state).toBe("firing");

    expect(await clearReferencePeriod({ db: iso.db, actor: admin, now: NOW, input })).toEqual({
      cleared: true,
    });
    await analyzeConceptDrift({ db: iso.db, now: NOW });
    row = await accuracy();
    expect([row.status, row.baselineValue, referenceOf(row).pinned]).toEqual(["ALERT", 0.8, false]);

    const events = await iso.db.adminEvent.findMany({
      orderBy: { id: "asc" },
      select: { kind: true, actorLabel: true, subject: true, changes: true },
    });
    expect(events).toEqual([
      {
        kind: "reference_pinned",
        actorLabel: "ada@example.com",
        subject: "churn v9",
        changes: { from: ["default", "2026-03-30"], to: ["default", "2026-05-04"] },
      },
      {
        kind: "reference_cleared",
        actorLabel: "ada@example.com",
        subject: "churn v9",
        changes: { from: ["2026-03-30", "default"], to: ["2026-05-04", "default"] },
      },
    ]);
  });

  it.each([
    {
      name: "an end before the start",
      input: { from: "2026-03-02", to: "2026-02-02" },
      field: "to",
      message: "must be on or after the start",
    },
    {
      name: "a day that does not exist",
      input: { from: "2026-02-30", to: "2026-03-02" },
      field: "from",
      message: "is not a real date",
    },
    {
      name: "no version",
      input: { modelVersion: "", from: "2026-02-02", to: "2026-03-02" },
      field: "modelVersion",
      message: "Choose a model version",
    },
  ])("refuses $name, naming the field", ({ input, field, message }) => {
    const result = PinReferenceInput.safeParse({ predictionType: "churn", modelVersion: "v9", ...input });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      [field, message],
    ]);
  });

  it.each([
    {
      name: "weeks before the version's data",
      from: "2025-12-29",
      to: "2026-02-02",
      version: "v9",
      field: "from",
      message: "from: v9's weeks run from 2026-01-05 to 2026-05-11; 2025-12-29 is outside them",
    },
    {
      name: "weeks after the version's data",
      from: "2026-05-04",
      to: "2026-05-18",
      version: "v9",
      field: "to",
      message: "to: v9's weeks run from 2026-01-05 to 2026-05-11; 2026-05-18 is after them",
    },
    {
      name: "a version without data",
      from: "2026-01-05",
      to: "2026-02-02",
      version: "v8",
      field: "modelVersion",
      message: 'modelVersion: churn has no model version "v8"',
    },
  ])(
    "answers 400 naming the field for $name, and pins nothing",
    async ({ from, to, version, field, message }) => {
      const input = PinReferenceInput.parse({ predictionType: "churn", modelVersion: version, from, to });
      const error = await pinReferencePeriod({ db: iso.db, actor: admin, now: NOW, input }).catch((e) => e);
      expect(error).toBeInstanceOf(DomainError);
      const response = errorResponse(error);
      expect(response.status).toBe(400);
      expect((await response.json()).error).toEqual({ code: "INVALID", message, field });
      expect(await iso.db.referencePeriod.count()).toBe(0);
    },
  );

  it("refuses a non-admin (403), also an admin demoted since signing in, and records nothing", async () => {
    const input = PinReferenceInput.parse({
      predictionType: "churn",
      modelVersion: "v9",
      from: "2026-03-30",
      to: "2026-05-04",
    });
    const refused = await pinReferencePeriod({ db: iso.db, actor: oncall, now: NOW, input }).catch((e) => e);
    expect(errorResponse(refused).status).toBe(403);
    const demoted = await iso.db.user.create({
      data: { email: "dee@example.com", name: "Dee", role: "viewer" },
      select: { id: true, email: true },
    });
    const cleared = await clearReferencePeriod({ db: iso.db, actor: demoted, now: NOW, input }).catch(
      (e) => e,
    );
    expect(errorResponse(cleared).status).toBe(403);
    expect(await iso.db.referencePeriod.count()).toBe(0);
    expect(
      await iso.db.adminEvent.count({
        where: { actorLabel: { in: ["otto@example.com", "dee@example.com"] } },
      }),
    ).toBe(0);
  });
});
