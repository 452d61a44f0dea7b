import type { FindingKind } from "../generated/prisma/enums";
import type { DriftSettingsInput } from "../settings/drift-settings-input";
import { FINDING_LABELS } from "../vocabulary";
import { FINDING_THRESHOLDS } from "./thresholds-in-force";

/** How many days of alerts the settings page judges each threshold on. */
export const THRESHOLD_PRECISION_DAYS = 90;

export type KindRecord = { raised: number; withVerdict: number; realDrift: number };

/**
 * Each threshold's record in words, for the settings page (issue 21): the precision of the finding
 * kinds it decides over the last THRESHOLD_PRECISION_DAYS days, so an admin tuning it sees it.
 */
export function thresholdPrecisionNotes(
  byKind: ReadonlyMap<FindingKind, KindRecord>,
): Partial<Record<keyof DriftSettingsInput, string>> {
  const notes: Partial<Record<keyof DriftSettingsInput, string>> = {};
  for (const [kind, fields] of Object.entries(FINDING_THRESHOLDS) as [
    FindingKind,
    readonly (keyof DriftSettingsInput)[],
  ][]) {
    const record = byKind.get(kind) ?? { raised: 0, withVerdict: 0, realDrift: 0 };
    const text =
      record.raised === 0
        ? `${FINDING_LABELS[kind]}: no alerts`
        : record.withVerdict === 0
          ? `${FINDING_LABELS[kind]}: ${record.raised} raised, none with a verdict`
          : `${FINDING_LABELS[kind]}: precision ${Math.round((100 * record.realDrift) / record.withVerdict)}% (${record.realDrift} of ${record.withVerdict} with a verdict; ${record.raised} raised)`;
    for (const field of fields) notes[field] = notes[field] ? `${notes[field]}; ${text}` : text;
  }
  for (const field of Object.keys(notes) as (keyof DriftSettingsInput)[])
    notes[field] = `${notes[field]} — last ${THRESHOLD_PRECISION_DAYS} days`;
  return notes;
}
