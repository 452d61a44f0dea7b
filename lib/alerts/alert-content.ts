import { type AlertSeverity, FINDING_LABELS, type FindingKind } from "../vocabulary";

export const dedupKey = (type: string, version: string, kind: FindingKind) => `${type}:${version}:${kind}`;

/** "Concept drift: <type> <model version> — <finding> (<SEVERITY>)" */
export const alertTitle = (type: string, version: string, kind: FindingKind, severity: AlertSeverity) =>
  `Concept drift: ${type} ${version} — ${FINDING_LABELS[kind]} (${severity.toUpperCase()})`;
