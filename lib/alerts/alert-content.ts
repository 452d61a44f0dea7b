import { type AlertSeverity, FINDING_LABELS, type FindingKind } from "../vocabulary";

export const dedupKey = (type: string, version: string, kind: FindingKind) => `${type}:${version}:${kind}`;

/** Input and output drift are seen without labels: not concept drift, and the title says so. */
const TITLE_PREFIX: Partial<Record<FindingKind, string>> = {
  prediction_drift: "Output drift",
  feature_drift: "Input drift",
};

/** "Concept drift: <type> <model version> — <finding> (<SEVERITY>)" (or "Input drift: …", "Output drift: …") */
export const alertTitle = (type: string, version: string, kind: FindingKind, severity: AlertSeverity) =>
  `${TITLE_PREFIX[kind] ?? "Concept drift"}: ${type} ${version} — ${FINDING_LABELS[kind]} (${severity.toUpperCase()})`;
