import type { FindingSummary } from "@/lib/dashboard/finding-summary";
import { describeReference } from "@/lib/drift/finding-words";
import { FINDING_LABELS } from "@/lib/vocabulary";

/** A version's reference as its model findings recorded it (the label pipeline has none to judge). */
const referenceOf = (findings: FindingSummary[], version: string) =>
  findings.find((finding) => finding.modelVersion === version && finding.reference)?.reference ?? null;

/** The latest drift decisions of the shown versions, one line per finding. */
export function FindingList({ findings, versions }: { findings: FindingSummary[]; versions: string[] }) {
  const shown = findings.filter((finding) => versions.includes(finding.modelVersion));
  if (shown.length === 0) return <p className="muted">Drift has not been analysed for these versions yet.</p>;
  return (
    <section className="panel" aria-labelledby="findings-heading">
      <h2 id="findings-heading">Latest drift analysis</h2>
      {versions
        .filter((version) => shown.some((finding) => finding.modelVersion === version))
        .map((version) => (
          <p key={version} className="muted small" data-testid={`reference-${version}`}>
            <strong>{version}</strong> {describeReference(referenceOf(shown, version))}
          </p>
        ))}
      <ul className="finding-list">
        {shown.map((finding) => (
          <li key={`${finding.modelVersion}-${finding.kind}`}>
            <span
              className={`badge status-${finding.status === "ALERT" ? "alert" : finding.status === "OK" ? "ok" : "thin"}`}
            >
              {finding.status === "INSUFFICIENT_DATA" ? "insufficient data" : finding.status}
              {finding.severity ? ` · ${finding.severity}` : ""}
            </span>{" "}
            <strong>{finding.modelVersion}</strong> {FINDING_LABELS[finding.kind]}
            {finding.cohortWeek ? ` (week of ${finding.cohortWeek})` : ""}:{" "}
            <span className="muted">{finding.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
