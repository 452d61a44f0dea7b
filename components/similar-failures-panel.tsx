import { SIMILAR_LIMIT, type SimilarFailure } from "@/lib/causal-validation/get-validation-outcome";
import { categoriesOf } from "@/lib/causal-validation/pattern-categories";
import { formatUtc } from "@/lib/format-utc";
import { OutcomeSummaryCells } from "./outcome-summary-cells";

/** Past failures with a similar treatment and outcome variable, best score first (SPEC §6). */
export async function SimilarFailuresPanel({ failures }: { failures: Promise<SimilarFailure[]> }) {
  const similar = await failures;
  return (
    <section className="panel" aria-labelledby="similar-heading">
      <h2 id="similar-heading">Similar past failures</h2>
      <p className="muted">
        Score: +2 for the same treatment, +2 for the same outcome variable, +1 each when one name contains the
        other (ignoring case). The {SIMILAR_LIMIT} best; ties newest first.
      </p>
      {similar.length === 0 ? (
        <p className="empty">No other failure shares or contains this treatment or outcome variable.</p>
      ) : (
        <table className="data" aria-label="Similar past failures">
          <thead>
            <tr>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Estimate</th>
              <th scope="col">Outcome type</th>
              <th scope="col">Treatment → outcome</th>
              <th scope="col">Categories</th>
              <th scope="col">Validated (UTC)</th>
            </tr>
          </thead>
          <tbody>
            {similar.map((row) => (
              <tr key={row.id}>
                <td className="num">{row.similarityScore}</td>
                <OutcomeSummaryCells outcome={row} />
                <td>{categoriesOf(row.failurePatterns).join(", ") || "—"}</td>
                <td>{formatUtc(row.validatedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
