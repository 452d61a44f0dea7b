"use server";

import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { DomainError, invalid } from "@/lib/errors";
import { actionError } from "@/lib/http/action-error";
import type { SaveSettingsState } from "@/lib/http/form-state";
import { LabelingRuleInput } from "@/lib/labeling/labeling-rule-input";
import { DRIFT_SETTING_LABELS, DriftSettingsInput } from "@/lib/settings/drift-settings-input";
import { clearReferencePeriod, pinReferencePeriod } from "@/lib/settings/pin-reference-period";
import {
  ClearReferenceInput,
  PinReferenceInput,
  REFERENCE_FIELD_LABELS,
} from "@/lib/settings/reference-period-input";
import { RULE_FIELD_LABELS, ruleFromForm } from "@/lib/settings/rule-form";
import { updateDriftSettings, updateLabelingRule } from "@/lib/settings/update-settings";

const sent = (form: FormData) =>
  Object.fromEntries(
    [...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );

/** A refusal that names the field, as the form labels it. */
function refusal(error: unknown, labels: Record<string, string>, form: FormData): SaveSettingsState {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue.path.join(".");
    const label =
      labels[field] ?? (field.startsWith("params.") ? `Parameter ${field.slice("params.".length)}` : field);
    return { error: `${label}: ${issue.message}`, field, values: sent(form) };
  }
  if (error instanceof DomainError && error.field && labels[error.field]) {
    // The domain's message already starts with the field's name; the form shows its label instead.
    const message = error.message.replace(new RegExp(`^${error.field}: `), "");
    return {
      error: `${labels[error.field] ?? error.field}: ${message}`,
      field: error.field,
      values: sent(form),
    };
  }
  return { error: actionError(error), values: sent(form) };
}

/** When the page the form came from was loaded (the row's updated_at then); missing or garbled is a stale form, not a conflict. */
function loadedAt(form: FormData): Date {
  const at = new Date(String(form.get("loadedAt") ?? ""));
  if (Number.isNaN(at.getTime()))
    throw invalid("loadedAt", "This form is out of date; reload the page and edit again.");
  return at;
}

/** Saves the drift thresholds (admins only, checked here). */
export async function saveDriftSettingsAction(
  _previous: SaveSettingsState,
  form: FormData,
): Promise<SaveSettingsState> {
  try {
    const admin = await requireUser("admin:manage");
    const input = DriftSettingsInput.parse(Object.fromEntries(form));
    await updateDriftSettings({
      db: db(),
      actor: admin,
      now: new Date(),
      input: { ...input, loadedAt: loadedAt(form) },
    });
    revalidatePath("/settings");
    return { saved: "Thresholds saved. The next drift analysis uses them." };
  } catch (error) {
    return refusal(error, DRIFT_SETTING_LABELS, form);
  }
}

/** Saves one labeling rule (admins only, checked here). */
export async function saveLabelingRuleAction(
  _previous: SaveSettingsState,
  form: FormData,
): Promise<SaveSettingsState> {
  try {
    const admin = await requireUser("admin:manage");
    const input = LabelingRuleInput.parse(ruleFromForm(form));
    const rule = await updateLabelingRule({
      db: db(),
      actor: admin,
      now: new Date(),
      input: { ...input, loadedAt: loadedAt(form) },
    });
    revalidatePath("/settings");
    return {
      saved: `The ${rule.predictionType} rule is saved (version ${rule.ruleVersion}). Labels from now on use it; labels already given keep theirs.`,
    };
  } catch (error) {
    return refusal(error, RULE_FIELD_LABELS, form);
  }
}

/** The reference form's model select sends "type|version"; the schema names the two fields. */
function referenceFields(form: FormData) {
  const [predictionType, ...version] = String(form.get("model") ?? "").split("|");
  return { ...Object.fromEntries(form), predictionType, modelVersion: version.join("|") };
}

/** Pins one model version's reference period (admins only, checked here and in the write). */
export async function pinReferenceAction(
  _previous: SaveSettingsState,
  form: FormData,
): Promise<SaveSettingsState> {
  try {
    const admin = await requireUser("admin:manage");
    const input = PinReferenceInput.parse(referenceFields(form));
    const pinned = await pinReferencePeriod({ db: db(), actor: admin, now: new Date(), input });
    revalidatePath("/settings");
    return {
      saved: `${input.predictionType} ${input.modelVersion}: reference pinned to the weeks of ${pinned.from} – ${pinned.to}. The next drift analysis compares with them.`,
    };
  } catch (error) {
    return refusal(error, REFERENCE_FIELD_LABELS, form);
  }
}

/** Returns one model version to its default reference (admins only, checked here and in the write). */
export async function clearReferenceAction(
  _previous: SaveSettingsState,
  form: FormData,
): Promise<SaveSettingsState> {
  try {
    const admin = await requireUser("admin:manage");
    const input = ClearReferenceInput.parse(referenceFields(form));
    await clearReferencePeriod({ db: db(), actor: admin, now: new Date(), input });
    revalidatePath("/settings");
    return {
      saved: `${input.predictionType} ${input.modelVersion}: back to the default reference (its first mature weeks with enough labels).`,
    };
  } catch (error) {
    return refusal(error, REFERENCE_FIELD_LABELS, form);
  }
}
