import { type MetricColumn, metricColumns } from "@/lib/dashboard/metrics-csv";
import type { WeeklyMetric } from "@/lib/dashboard/weekly-metric";
import { formatCount, formatDecimal, formatPercent } from "@/lib/format-number";
import type { PredictionType } from "@/lib/generated/prisma/enums";

function formatCell(column: MetricColumn, row: WeeklyMetric): string {
  const value = column.value(row);
  if (value === null) return "—";
  if (typeof value === "string") return value;
  if (column.format === "count") return formatCount(value);
  return column.format === "percent"
    ? formatPercent(value)
    : formatDecimal(value, column.header === "mae" || column.header.startsWith("brier_") ? 4 : 3);
}

/** The numbers behind the charts as a table (the accessible alternative), the same columns as the CSV. */
export function WeeklyMetricsTable({
  type,
  rows,
  caption,
}: {
  type: PredictionType;
  rows: WeeklyMetric[];
  caption: string;
}) {
  const columns = metricColumns(type);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className="data compact" data-testid="weekly-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.format === "text" ? undefined : "num"}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={`${row.modelVersion}-${row.week}`}
              className={row.maturity === "provisional" ? "row-provisional" : undefined}
            >
              {columns.map((column, i) =>
                i === 0 ? (
                  <th key={column.header} scope="row">
                    {formatCell(column, row)}
                  </th>
                ) : (
                  <td key={column.header} className={column.format === "text" ? undefined : "num"}>
                    {formatCell(column, row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
