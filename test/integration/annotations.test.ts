// Issue 21: analysts date notes on a type; viewers read them (403 on writing), a wrong field is a 400
// naming it, the author or an admin deletes, and an alert's cohort week quotes its notes on the alert
// page and in the notifications it sends.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadAlertPage } from "@/lib/alerts/get-alert-detail";
import { CreateAnnotationInput, DeleteAnnotationInput } from "@/lib/annotations/annotation-input";
import {
  annotationsOfWeek,
  createAnnotation,
  deleteAnnotation,
  listAnnotations,
} from "@/lib/annotations/annotations";
import { errorResponse } from "@/lib/http/api-handler";
import type { UserRole } from "@/lib/vocabulary";
import { createFiringAlert } from "../support/alert-fixtures";
import { isEmbedded } from "../support/database";
import { createIsolatedSchema, type IsolatedSchema } from "../support/isolated-schema";

const now = new Date("2026-11-10T09:00:00Z");

/** What a route handler answers for the error a call throws: status and body. */
async function answerOf(call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    const response = errorResponse(error);
    return { status: response.status, body: await response.json() };
  }
  throw new Error("expected the call to be refused");
}

describe.skipIf(isEmbedded())("annotations", () => {
  // A schema of its own: a note on all of churn would be quoted by every churn alert of other files.
  let iso: IsolatedSchema;
  const people: Record<string, { id: string; email: string }> = {};
  beforeAll(async () => {
    iso = await createIsolatedSchema();
    for (const [name, role] of [
      ["vera", "viewer"],
      ["ana", "analyst"],
      ["andy", "analyst"],
      ["owen", "oncall"],
      ["ada", "admin"],
    ] as [string, UserRole][])
      people[name] = await iso.db.user.create({
        data: { email: `${name}@example.com`, name, role },
        select: { id: true, email: true },
      });
    await iso.client.query(
      `INSERT INTO metric_rollups (prediction_type, model_version, day, bin, n_total, n_positive, n_negative, n_correct, sum_predicted)
       VALUES ('churn', 'churn-9', '2026-11-02', 7, 10, 5, 5, 8, 7.5)`,
    );
  });
  afterAll(() => iso.drop());

  const annotate = (who: string, input: Record<string, unknown>) =>
    createAnnotation({ db: iso.db, actor: people[who], now, input: CreateAnnotationInput.parse(input) });

  it("refuses a viewer with 403, saying who may", async () => {
    expect(
      await answerOf(() => annotate("vera", { predictionType: "churn", day: "2026-11-04", note: "x" })),
    ).toEqual({
      status: 403,
      body: { error: { code: "FORBIDDEN", message: "Only analyst, oncall and admin users can do this." } },
    });
    expect(await iso.db.annotation.count()).toBe(0);
  });

  it.each([
    { name: "a blank note", input: { note: "   " }, field: "note", message: "note: Write the note first" },
    {
      name: "a day that does not exist",
      input: { day: "2026-02-30" },
      field: "day",
      message: "day: is not a real date",
    },
    { name: "an unknown type", input: { predictionType: "weather" }, field: "predictionType" },
    {
      name: "a note of 201 characters",
      input: { note: "n".repeat(201) },
      field: "note",
      message: "note: must be at most 200 characters",
    },
  ])("answers 400 naming the field for $name", async ({ input, field, message }) => {
    const answer = await answerOf(() =>
      annotate("ana", { predictionType: "churn", day: "2026-11-04", note: "formulary change", ...input }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe(field);
    if (message) expect(answer.body.error.message).toBe(message);
  });

  it("answers 400 naming modelVersion for a version the type does not have", async () => {
    expect(
      await answerOf(() =>
        annotate("ana", { predictionType: "churn", day: "2026-11-04", note: "x", modelVersion: "churn-0" }),
      ),
    ).toEqual({
      status: 400,
      body: {
        error: {
          code: "INVALID",
          message: 'modelVersion: churn has no model version "churn-0"',
          field: "modelVersion",
        },
      },
    });
  });

  it("an analyst, oncall and an admin write; everyone lists them oldest day first, blanks as no scope", async () => {
    const made = await annotate("ana", {
      predictionType: "churn",
      day: "2026-11-04",
      note: "  formulary change ",
      region: "West",
      brand: "",
    });
    expect(made).toMatchObject({
      predictionType: "churn",
      day: "2026-11-04",
      note: "formulary change",
      modelVersion: null,
      brand: null,
      region: "West",
      author: "ana@example.com",
      createdAt: now.toISOString(),
    });
    await annotate("owen", {
      predictionType: "churn",
      day: "2026-11-01",
      note: "ingestion outage",
      modelVersion: "churn-9",
    });
    await annotate("ada", { predictionType: "risk", day: "2026-11-03", note: "launch in West" });
    const churn = await listAnnotations(iso.db, { type: "churn" });
    expect(churn.map((a) => [a.day, a.note, a.modelVersion, a.author])).toEqual([
      ["2026-11-01", "ingestion outage", "churn-9", "owen@example.com"],
      ["2026-11-04", "formulary change", null, "ana@example.com"],
    ]);
    expect((await listAnnotations(iso.db, { type: "churn", from: "2026-11-02" })).map((a) => a.note)).toEqual(
      ["formulary change"],
    );
  });

  it("deletes: another analyst 403, the author yes, an admin anyone's, then 404", async () => {
    const mine = await annotate("ana", { predictionType: "trigger", day: "2026-10-01", note: "mine" });
    const other = await annotate("andy", { predictionType: "trigger", day: "2026-10-02", note: "andy's" });
    const remove = (who: string, id: string) =>
      deleteAnnotation({ db: iso.db, actor: people[who], now, input: DeleteAnnotationInput.parse({ id }) });
    expect(await answerOf(() => remove("andy", mine.id))).toEqual({
      status: 403,
      body: {
        error: { code: "FORBIDDEN", message: "Only the annotation's author or an admin can delete it." },
      },
    });
    expect(await answerOf(() => remove("owen", mine.id))).toMatchObject({ status: 403 });
    expect(await remove("ana", mine.id)).toEqual({ deleted: mine.id });
    expect(await remove("ada", other.id)).toEqual({ deleted: other.id });
    expect(await answerOf(() => remove("ada", other.id))).toMatchObject({ status: 404 });
    expect(await listAnnotations(iso.db, { type: "trigger" })).toEqual([]);
  });

  it("an analyst demoted to viewer since signing in writes nothing", async () => {
    const demoted = await iso.db.user.create({
      data: { email: "dora@example.com", name: "Dora", role: "viewer" },
      select: { id: true, email: true },
    });
    const answer = await answerOf(() =>
      createAnnotation({
        db: iso.db,
        actor: demoted,
        now,
        input: CreateAnnotationInput.parse({ predictionType: "churn", day: "2026-11-04", note: "x" }),
      }),
    );
    expect(answer.status).toBe(403);
  });

  it("an alert quotes the notes of its cohort week on its page and in its notifications", async () => {
    // The week of 2026-11-02: the whole-type note of the 4th (West); not the 1st (a Sunday, the week
    // before), not another version's note, not another type's.
    await annotate("ana", {
      predictionType: "churn",
      day: "2026-11-08",
      note: "other version",
      modelVersion: "churn-9",
    });
    const alert = await createFiringAlert(iso.db, "high", now);
    const week = {
      predictionType: "churn" as const,
      modelVersion: alert.modelVersion,
      cohortWeek: "2026-11-02",
    };
    expect((await annotationsOfWeek(iso.db, week)).map((a) => a.note)).toEqual(["formulary change"]);
    expect(
      (await annotationsOfWeek(iso.db, { ...week, modelVersion: "churn-9" })).map((a) => a.note),
    ).toEqual(["formulary change", "other version"]);
    const page = await loadAlertPage(iso.db, alert.id);
    expect(page.annotations.map((a) => a.note)).toEqual(["formulary change"]);
    const deliveries = await iso.db.notificationDelivery.findMany({ where: { alertId: alert.id } });
    expect(deliveries.map((d) => d.channel).sort()).toEqual(["email", "slack", "webhook"]);
    for (const delivery of deliveries)
      expect((delivery.payload as { annotations?: string[] }).annotations).toEqual([
        "formulary change on 2026-11-04 (West)",
      ]);
  });
});
