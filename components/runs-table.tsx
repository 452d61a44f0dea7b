import { formatCount } from "@/lib/format-number";
import { formatUtc } from "@/lib/format-utc";
import type { RunRow } from "@/lib/runs/list-runs";
import { formatDuration } from "@/lib/runs/run-duration";

const COUNTS = ["evaluated", "labeled", "excluded", "indeterminate", "decidedEarly"] as const;
const HEADERS: Record<(typeof COUNTS)[number], string> = {
  evaluated: "Evaluated",
  labeled: "Labeled",
  excluded: "Excluded",
  indeterminate: "Indeterminate",
  decidedEarly: "Decided early",
};

/** Feedback-loop runs with their counts, duration, who started them and any error. */
export function RunsTable({ runs }: { runs: RunRow[] }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="runs-table">
        <thead>
          <tr>
            <th scope="col">Started (UTC)</th>
            <th scope="col">Window</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Started by</th>
            {COUNTS.map((count) => (
              <th scope="col" className="num" key={count}>
                {HEADERS[count]}
              </th>
            ))}
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>{formatUtc(run.startedAt, { seconds: true })}</td>
              <td>{run.scheduleWindow}</td>
              <td>{run.predictionType}</td>
              <td>
                <span className={`badge badge-run-${run.status.toLowerCase()}`}>{run.status}</span>
              </td>
              <td>{run.triggeredBy}</td>
              {COUNTS.map((count) => (
                <td className="num" key={count}>
                  {formatCount(run[count])}
                </td>
              ))}
              <td className="num">{formatDuration(run.durationMs)}</td>
              <td className="error-text">{run.errorText ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
