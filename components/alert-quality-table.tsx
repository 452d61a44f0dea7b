import type { AlertQuality } from "@/lib/alert-quality/load-alert-quality";
import { CHANNELS } from "@/lib/alert-quality/summarize-alert-quality";
import { FINDING_THRESHOLDS } from "@/lib/alert-quality/thresholds-in-force";
import { formatCount, formatHours, formatPercent } from "@/lib/format-number";
import { formatUtcDay } from "@/lib/format-utc";
import { DRIFT_SETTING_LABELS } from "@/lib/settings/drift-settings-input";
import { FINDING_LABELS } from "@/lib/vocabulary";

/** The thresholds of a finding kind at the end of the period, saying which changed within it. */
function Thresholds({
  kind,
  thresholds,
}: {
  kind: keyof typeof FINDING_THRESHOLDS;
  thresholds: AlertQuality["thresholds"];
}) {
  return (
    <ul className="plain small">
      {FINDING_THRESHOLDS[kind].map((field) => {
        const changes = thresholds.changedDuring[field] ?? [];
        return (
          <li key={field}>
            <span title={DRIFT_SETTING_LABELS[field]}>{field}</span> = {String(thresholds.atEnd[field])}
            {changes.length > 0 && (
              <span className="muted">
                {" "}
                (at the period's end; changed{" "}
                {changes
                  .map(
                    (c) => `${String(c.before)} → ${String(c.after)} on ${formatUtcDay(c.at)} by ${c.actor}`,
                  )
                  .join(", ")}
                )
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** Per finding kind and type: raised, verdicts, precision, medians, notifications, thresholds; with the CSV. */
export function AlertQualityTable({ quality }: { quality: AlertQuality }) {
  return (
    <section className="panel" aria-labelledby="quality-table-heading">
      <h2 id="quality-table-heading">Per finding and type</h2>
      <p>
        <a href={`/api/alert-quality?from=${quality.from}&to=${quality.to}`} download>
          Download CSV
        </a>
      </p>
      <div className="table-scroll">
        <table className="data" aria-label="Alert quality per finding and type">
          <thead>
            <tr>
              <th scope="col">Finding</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Raised
              </th>
              <th scope="col" className="num">
                With a verdict
              </th>
              <th scope="col" className="num">
                Precision
              </th>
              <th scope="col" className="num">
                Median to acknowledge
              </th>
              <th scope="col" className="num">
                Median to resolve
              </th>
              <th scope="col">Notifications sent</th>
              <th scope="col">Thresholds in force</th>
            </tr>
          </thead>
          <tbody>
            {quality.rows.map((row) => (
              <tr key={`${row.findingKind}-${row.predictionType}`}>
                <td>{FINDING_LABELS[row.findingKind]}</td>
                <td>{row.predictionType}</td>
                <td className="num">{formatCount(row.raised)}</td>
                <td className="num">
                  {formatCount(row.withVerdict)} ({formatPercent(row.withVerdict / row.raised, 0)})
                </td>
                <td className="num">
                  {formatPercent(row.precision, 0)}
                  {row.withVerdict > 0 && (
                    <span className="muted small">
                      {" "}
                      ({row.realDrift}/{row.withVerdict})
                    </span>
                  )}
                </td>
                <td className="num">
                  {formatHours(row.medianHoursToAcknowledge)}
                  <span className="muted small"> (n = {row.acknowledged})</span>
                </td>
                <td className="num">
                  {formatHours(row.medianHoursToResolve)}
                  <span className="muted small"> (n = {row.resolved})</span>
                </td>
                <td>
                  {CHANNELS.filter((channel) => row.sent[channel] > 0)
                    .map((channel) => `${channel} ${row.sent[channel]}`)
                    .join(", ") || "none"}
                </td>
                <td>
                  <Thresholds kind={row.findingKind} thresholds={quality.thresholds} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
