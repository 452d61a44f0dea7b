import Link from "next/link";
import { type ExplorerFilters, explorerQuery, isFiltered } from "@/lib/causal-validation/explorer-filters";
import type { listValidationOutcomes } from "@/lib/causal-validation/list-validation-outcomes";
import { categoriesOf } from "@/lib/causal-validation/pattern-categories";
import { formatUtc } from "@/lib/format-utc";
import type { PanelData } from "@/lib/http/panel-data";
import { OutcomeSummaryCells } from "./outcome-summary-cells";
import { PanelError } from "./panel-error";
import styles from "./validation.module.css";

/** One page of the outcomes matching the filters, newest first, with links to the pages around it (the page starts the query). */
export async function ValidationOutcomeList({
  filters,
  outcomes,
}: {
  filters: ExplorerFilters;
  outcomes: Promise<PanelData<Awaited<ReturnType<typeof listValidationOutcomes>>>>;
}) {
  const result = await outcomes;
  if (!result.ok) return <PanelError title="Failures" headingId="outcomes-heading" message={result.error} />;
  const { rows, total, page, pageCount } = result.data;
  const pageLink = (target: number) => `/validation${explorerQuery({ ...filters, page: target })}`;
  return (
    <section className="panel" aria-labelledby="outcomes-heading">
      <h2 id="outcomes-heading">
        {filters.type === "any" ? "Outcomes" : filters.type ? `Outcomes: ${filters.type}` : "Failures"}
      </h2>
      {rows.length === 0 ? (
        <p className="empty">
          {total > 0
            ? `Page ${page} is past the last page (${pageCount}).`
            : isFiltered(filters)
              ? "No outcome matches these filters. Widen the date range or clear a filter."
              : "No validation failures stored yet. Validators send them to POST /api/v1/validation-outcomes."}
        </p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Validated (UTC)</th>
              <th scope="col">Estimate</th>
              <th scope="col">Outcome type</th>
              <th scope="col">Treatment → outcome</th>
              <th scope="col">Brand</th>
              <th scope="col" className="num">
                Failed tests
              </th>
              <th scope="col">Categories</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <td>{formatUtc(row.validatedAt)}</td>
                <OutcomeSummaryCells outcome={row} />
                <td>{row.brand ?? "—"}</td>
                <td className="num">
                  {row.testsFailed} / {row.testsTotal}
                </td>
                <td>{categoriesOf(row.failurePatterns).join(", ") || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav className={styles.pager} aria-label="Pages">
        <span>
          {total.toLocaleString("en-US")} outcome{total === 1 ? "" : "s"} ·{" "}
          {page > pageCount
            ? `${pageCount.toLocaleString("en-US")} page${pageCount === 1 ? "" : "s"}`
            : `page ${page} of ${pageCount}`}
        </span>
        <span className={styles.actions}>
          {page > pageCount && pageCount > 0 ? (
            <Link href={pageLink(pageCount)}>Last page</Link>
          ) : page > 1 ? (
            <Link href={pageLink(page - 1)}>← Newer</Link>
          ) : null}
          {page < pageCount ? <Link href={pageLink(page + 1)}>Older →</Link> : null}
        </span>
      </nav>
    </section>
  );
}
