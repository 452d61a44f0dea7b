import type { FindingSummary } from "@/lib/dashboard/finding-summary";

/** The latest drift decisions of the shown versions, one line per finding. */
export function FindingList({ findings, versions }: { findings: FindingSummary[]; versions: string[] }) {
  const shown = findings.filter((finding) => versions.includes(finding.modelVersion));
  if (shown.length === 0) return <p className="muted">Drift has not been analysed for these versions yet.</p>;
  return (
    <section className="panel" aria-labelledby="findings-heading">
      <h2 id="findings-heading">Latest drift analysis</h2>
      <ul className="finding-list">
        {shown.map((finding) => (
          <li key={`${finding.modelVersion}-${finding.kind}`}>
            <span
              className={`badge status-${finding.status === "ALERT" ? "alert" : finding.status === "OK" ? "ok" : "thin"}`}
            >
              {finding.status === "INSUFFICIENT_DATA" ? "insufficient data" : finding.status}
              {finding.severity ? ` · ${finding.severity}` : ""}
            </span>{" "}
            <strong>{finding.modelVersion}</strong> {finding.kind.replaceAll("_", " ")}
            {finding.cohortWeek ? ` (week of ${finding.cohortWeek})` : ""}:{" "}
            <span className="muted">{finding.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
