import type { DistributionSummary, InputsOutputsView } from "@/lib/dashboard/load-inputs-outputs";
import { PREDICTED_VALUE } from "@/lib/dashboard/load-inputs-outputs";
import { formatPercent } from "@/lib/format-number";

type Props = {
  view: InputsOutputsView;
  /** The page's own search parameters, so a link here keeps the rest of the view. */
  search: Record<string, string>;
};

const SECTION = "inputs-outputs";

function hrefWith(search: Record<string, string>, patch: Record<string, string | undefined>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  return `${query ? `?${query}` : "?"}#${SECTION}`;
}

const fmt = (value: number | null, digits = 2) => (value === null ? "—" : value.toFixed(digits));

/** PSI per week as a small line, the threshold dashed: drawn on the server, no script needed. */
function Sparkline({
  series,
  threshold,
  label,
}: {
  series: DistributionSummary["series"];
  threshold: number;
  label: string;
}) {
  const width = 120;
  const height = 28;
  const values = series.map((point) => point.psi ?? 0);
  const top = Math.max(threshold * 1.5, ...values, 0.01);
  const x = (i: number) => (series.length <= 1 ? 0 : (i / (series.length - 1)) * width);
  const y = (value: number) => height - (Math.min(value, top) / top) * height;
  const points = series
    .map((point, i) => (point.psi === null ? null : `${x(i).toFixed(1)},${y(point.psi).toFixed(1)}`))
    .filter(Boolean)
    .join(" ");
  return (
    <svg width={width} height={height} role="img" aria-label={label}>
      <title>{label}</title>
      <line
        x1={0}
        x2={width}
        y1={y(threshold)}
        y2={y(threshold)}
        stroke="currentColor"
        strokeDasharray="3 3"
        opacity={0.4}
      />
      <polyline points={points} fill="none" stroke="var(--accent, #2563eb)" strokeWidth={1.5} />
    </svg>
  );
}

function Histogram({ histogram }: { histogram: NonNullable<InputsOutputsView["histogram"]> }) {
  const barWidth = 18;
  const gap = 14;
  const height = 140;
  const top = Math.max(...histogram.reference, ...histogram.current, 0.01);
  const width = histogram.bins.length * (2 * barWidth + gap);
  const label = `${histogram.feature}: share per bin in the week of ${histogram.week} (n = ${histogram.currentN}) against the reference (n = ${histogram.referenceN})`;
  return (
    <figure>
      <svg width={width} height={height + 4} role="img" aria-label={label}>
        <title>{label}</title>
        {histogram.bins.map((bin, i) => {
          const left = i * (2 * barWidth + gap);
          const reference = (histogram.reference[i] / top) * height;
          const current = (histogram.current[i] / top) * height;
          return (
            <g key={bin}>
              <rect x={left} y={height - reference} width={barWidth} height={reference} fill="#94a3b8">
                <title>{`${bin}: reference ${formatPercent(histogram.reference[i])}`}</title>
              </rect>
              <rect x={left + barWidth} y={height - current} width={barWidth} height={current} fill="#2563eb">
                <title>{`${bin}: week of ${histogram.week} ${formatPercent(histogram.current[i])}`}</title>
              </rect>
            </g>
          );
        })}
      </svg>
      <table className="data-table" aria-label={`Histogram of ${histogram.feature}`}>
        <thead>
          <tr>
            <th scope="col">Bin</th>
            <th scope="col">Reference (n = {histogram.referenceN.toLocaleString("en-US")})</th>
            <th scope="col">
              Week of {histogram.week} (n = {histogram.currentN.toLocaleString("en-US")})
            </th>
          </tr>
        </thead>
        <tbody>
          {histogram.bins.map((bin, i) => (
            <tr key={bin}>
              <th scope="row">{bin}</th>
              <td>{formatPercent(histogram.reference[i])}</td>
              <td>{formatPercent(histogram.current[i])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        Grey: the reference weeks; blue: the chosen week. Missing values are a bin of their own.
      </figcaption>
    </figure>
  );
}

function Row({
  summary,
  threshold,
  search,
  chosen,
}: {
  summary: DistributionSummary;
  threshold: number;
  search: Record<string, string>;
  chosen: boolean;
}) {
  const over = summary.psi !== null && summary.psi >= threshold;
  return (
    <tr aria-current={chosen ? "true" : undefined}>
      <th scope="row">
        <a href={hrefWith(search, { feature: summary.feature })}>{summary.feature}</a>
        {summary.ignored ? " (ignored)" : ""}
      </th>
      <td>{summary.kind ?? "—"}</td>
      <td>{over ? <strong>{fmt(summary.psi)}</strong> : fmt(summary.psi)}</td>
      <td>{fmt(summary.jsDistance)}</td>
      <td>
        {summary.pValue === null ? "—" : summary.pValue < 1e-300 ? "< 1e-300" : summary.pValue.toPrecision(2)}
      </td>
      <td>
        {summary.missingShareChange === null
          ? "—"
          : `${summary.missingShareChange >= 0 ? "+" : "−"}${(Math.abs(summary.missingShareChange) * 100).toFixed(1)} pts`}
      </td>
      <td>{summary.newCategories.join(", ") || "—"}</td>
      <td>
        <Sparkline
          series={summary.series}
          threshold={threshold}
          label={`PSI of ${summary.feature} per week`}
        />
      </td>
      <td>{summary.note ?? ""}</td>
    </tr>
  );
}

/**
 * The drift page's "Inputs and outputs" section (issue 19): what the model was given and what it
 * said, against its reference weeks, with no labels needed. Every choice is a link (in the URL).
 */
export function InputsOutputsPanel({ view, search }: Props) {
  const chosen = view.histogram?.feature ?? null;
  const all = [...(view.predicted ? [view.predicted] : []), ...view.features];
  const csv = `/api/drift/${view.type}/inputs?${new URLSearchParams({ version: view.version, ...(view.week ? { ioWeek: view.week } : {}), format: "csv" })}`;
  return (
    <section id={SECTION} aria-labelledby={`${SECTION}-heading`} className="panel">
      <h2 id={`${SECTION}-heading`}>Inputs and outputs</h2>
      {view.notBinned?.reference ? (
        <p role="status">
          {view.version}'s profile is not binned against its reference (
          {view.referenceWeeks.length > 0
            ? `${view.referenceWeeks[0]} – ${view.referenceWeeks.at(-1)}`
            : "none yet"}
          ) yet: the next analysis bins it (after each labeling run, or Run now on the Runs page). This page
          only reads what the analysis stored.
        </p>
      ) : all.length === 0 ? (
        <p>
          No profile of {view.version}'s predictions yet: the analysis profiles their features and predicted
          values after each labeling run.
        </p>
      ) : (
        <>
          <p>
            {view.version}, week of {view.week ?? "—"}, against the reference weeks{" "}
            {view.referenceWeeks.length > 0
              ? `${view.referenceWeeks[0]} – ${view.referenceWeeks.at(-1)} (${view.referenceWeeks.length} weeks)`
              : "(none yet: the version's first weeks with enough predictions)"}
            . A finding needs PSI ≥ {fmt(view.thresholds.feature)} for a feature (
            {fmt(view.thresholds.prediction)} for the predicted value) and a significant χ² after
            Benjamini–Hochberg. No labels are needed.
          </p>
          {view.notBinned && view.notBinned.weeks.length > 0 ? (
            <p role="status">
              Not binned yet, so not shown: the week(s) of {view.notBinned.weeks.join(", ")}, profiled after
              the last analysis binned them. The next analysis bins them (after each labeling run, or Run now
              on the Runs page).
            </p>
          ) : null}
          {view.untrackedFeatures > 0 ? (
            <p role="status">
              The cap of {view.maxFeatures} tracked features per type is reached: {view.untrackedFeatures}{" "}
              more feature name(s) seen in a week are not profiled (Settings: maximum features per type).
            </p>
          ) : null}
          <table className="data-table" aria-label={`Input and output drift of ${view.version}`}>
            <thead>
              <tr>
                <th scope="col">Feature</th>
                <th scope="col">Kind</th>
                <th scope="col">PSI</th>
                <th scope="col">JS distance</th>
                <th scope="col">p (χ²)</th>
                <th scope="col">Missing share</th>
                <th scope="col">New categories</th>
                <th scope="col">PSI per week</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {all.map((summary) => (
                <Row
                  key={`${summary.kind === "predicted" ? "p" : "f"}|${summary.feature}`}
                  summary={summary}
                  threshold={
                    summary.kind === "predicted" ? view.thresholds.prediction : view.thresholds.feature
                  }
                  search={search}
                  chosen={chosen === summary.feature}
                />
              ))}
            </tbody>
          </table>
          <p>
            <a href={csv} download>
              Download CSV
            </a>
            {chosen && chosen !== PREDICTED_VALUE ? (
              <>
                {" · "}
                <a href={hrefWith(search, { feature: undefined })}>Show the predicted value</a>
              </>
            ) : null}
          </p>
          {view.histogram ? (
            <>
              <h3>{view.histogram.feature}: the week against the reference</h3>
              <Histogram histogram={view.histogram} />
            </>
          ) : (
            <p>No histogram for this choice: it has no reference to fix bins from.</p>
          )}
        </>
      )}
    </section>
  );
}
