"use server";

import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { actionError } from "@/lib/http/action-error";
import { LabelingRuleInput } from "@/lib/labeling/labeling-rule-input";
import { DRIFT_SETTING_LABELS, DriftSettingsInput } from "@/lib/settings/drift-settings-input";
import { RULE_FIELD_LABELS, ruleFromForm } from "@/lib/settings/rule-form";
import { updateDriftSettings, updateLabelingRule } from "@/lib/settings/update-settings";

export type SaveSettingsState = { error?: string; field?: string; saved?: string };

/** A refusal that names the field, as the form labels it. */
function refusal(error: unknown, labels: Record<string, string>): SaveSettingsState {
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue.path.join(".");
    const label = labels[field] ?? (field.startsWith("params.") ? `Parameter ${field.slice("params.".length)}` : field);
    return { error: `${label}: ${issue.message}`, field };
  }
  return { error: actionError(error) };
}

const loadedAt = (form: FormData) => new Date(String(form.get("loadedAt") ?? ""));

/** Saves the drift thresholds (admins only, checked here). */
export async function saveDriftSettingsAction(_previous: SaveSettingsState, form: FormData): Promise<SaveSettingsState> {
  try {
    const admin = await requireUser("admin:manage");
    const input = DriftSettingsInput.parse(Object.fromEntries(form));
    await updateDriftSettings(db(), input, { actorId: admin.id, now: new Date(), loadedAt: loadedAt(form) });
    revalidatePath("/settings");
    return { saved: "Thresholds saved. The next drift analysis uses them." };
  } catch (error) {
    return refusal(error, DRIFT_SETTING_LABELS);
  }
}

/** Saves one labeling rule (admins only, checked here). */
export async function saveLabelingRuleAction(_previous: SaveSettingsState, form: FormData): Promise<SaveSettingsState> {
  try {
    const admin = await requireUser("admin:manage");
    const input = LabelingRuleInput.parse(ruleFromForm(form));
    const rule = await updateLabelingRule(db(), input, { actorId: admin.id, now: new Date(), loadedAt: loadedAt(form) });
    revalidatePath("/settings");
    return { saved: `The ${rule.predictionType} rule is saved (version ${rule.ruleVersion}). Labels from now on use it; labels already given keep theirs.` };
  } catch (error) {
    return refusal(error, RULE_FIELD_LABELS);
  }
}
