import { type ExplorerFilters, isFiltered } from "@/lib/causal-validation/explorer-filters";
import type { FailurePatternSummary } from "@/lib/causal-validation/list-failure-patterns";
import { formatNumber } from "@/lib/format-number";
import { formatUtc } from "@/lib/format-utc";
import type { PanelData } from "@/lib/http/panel-data";
import { FailurePatternChart } from "./failure-pattern-chart";
import { PanelError } from "./panel-error";

/**
 * Failure patterns by category and test, for all failures or for the filtered outcomes: a chart and
 * its table. The page starts the query; the panel streams in when it answers.
 */
export async function FailurePatternsPanel({
  filters,
  patterns: loading,
}: {
  filters: ExplorerFilters;
  patterns: Promise<PanelData<FailurePatternSummary[]>>;
}) {
  const result = await loading;
  if (!result.ok)
    return <PanelError title="Failure patterns" headingId="patterns-heading" message={result.error} />;
  const patterns = result.data;
  const total = patterns.reduce((sum, pattern) => sum + pattern.failureCount, 0);
  return (
    <section className="panel" aria-labelledby="patterns-heading">
      <h2 id="patterns-heading">Failure patterns</h2>
      <p className="muted">
        {isFiltered(filters)
          ? "Patterns of the outcomes that match the filters"
          : "Patterns of every stored failure"}
        : n = {total.toLocaleString("en-US")} patterns. Mean |Δ%| is how far refutation moved the effect, in %
        of the original estimate.
      </p>
      {patterns.length === 0 ? (
        <p className="empty">No failure patterns here: no matching outcome failed a refutation test.</p>
      ) : (
        <>
          <FailurePatternChart
            bars={patterns.map((pattern) => ({
              label: `${pattern.category} · ${pattern.testName}`,
              failureCount: pattern.failureCount,
              meanAbsDeltaPercent:
                pattern.meanAbsDeltaPercent === null ? null : Number(pattern.meanAbsDeltaPercent.toFixed(1)),
            }))}
          />
          <table className="data" aria-label="Failure patterns by category and test">
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col">Test</th>
                <th scope="col" className="num">
                  Failures
                </th>
                <th scope="col" className="num">
                  Mean |Δ%|
                </th>
                <th scope="col">Recommendations</th>
                <th scope="col">Last seen (UTC)</th>
              </tr>
            </thead>
            <tbody>
              {patterns.map((pattern) => (
                <tr key={`${pattern.category}|${pattern.testName}`}>
                  <td>{pattern.category}</td>
                  <td>{pattern.testName}</td>
                  <td className="num">{pattern.failureCount.toLocaleString("en-US")}</td>
                  <td className="num">{formatNumber(pattern.meanAbsDeltaPercent, 1)}</td>
                  <td>
                    {pattern.recommendations.length === 0
                      ? "—"
                      : pattern.recommendations.slice(0, 2).join(" · ") +
                        (pattern.recommendations.length > 2
                          ? ` (+${pattern.recommendations.length - 2} more)`
                          : "")}
                  </td>
                  <td>{formatUtc(pattern.lastSeen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
