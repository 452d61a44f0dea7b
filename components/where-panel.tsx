import Link from "next/link";
import type { SegmentsPanel } from "@/lib/dashboard/load-segments";
import { formatCount, formatInterval, formatPercent } from "@/lib/format-number";
import { partWord } from "@/lib/segments/explain-drop";
import {
  DIMENSION_LABELS,
  type SegmentFilter,
  type SegmentResult,
  type SegmentView,
} from "@/lib/segments/segment-view";

type Props = {
  panel: SegmentsPanel;
  /** The page's own search parameters, so a segment link keeps the rest of the view. */
  search: Record<string, string>;
  /** The segment the page is filtered to. */
  selected: SegmentFilter;
};

const SECTION = "where";

const points = (value: number | null) =>
  value === null ? "—" : `${value > 0 ? "+" : value < 0 ? "−" : "±"}${Math.abs(value * 100).toFixed(1)} pts`;

function segmentHref(search: Record<string, string>, filter: SegmentFilter): string {
  const params = new URLSearchParams(search);
  for (const key of ["brand", "region", "actionType"] as const) {
    const value = filter[key];
    if (value) params.set(key, value);
    else params.delete(key);
  }
  return `?${params.toString()}#${SECTION}`;
}

const isSelected = (filter: SegmentFilter, selected: SegmentFilter) =>
  (["brand", "region", "actionType"] as const).every(
    (key) => (filter[key] || undefined) === (selected[key] || undefined),
  );

/** A cell's colour: red for a drop, green for a rise, full at 20 points. */
function cellColour(change: number): string {
  const strength = Math.min(1, Math.abs(change) / 0.2);
  return change < 0
    ? `rgba(220, 38, 38, ${0.1 + 0.7 * strength})`
    : `rgba(22, 163, 74, ${0.1 + 0.5 * strength})`;
}

function Heatmap({
  view,
  search,
  selected,
  minimums,
}: {
  view: SegmentView;
  search: Record<string, string>;
  selected: SegmentFilter;
  minimums: SegmentsPanel["minimums"];
}) {
  const brands = [...new Set(view.segments.map((s) => s.filter.brand as string))].sort();
  const regions = [...new Set(view.segments.map((s) => s.filter.region as string))].sort();
  const byCell = new Map(view.segments.map((s) => [`${s.filter.brand}\u0000${s.filter.region}`, s]));
  return (
    <table className="data-table heatmap" aria-label="Accuracy change per brand and region">
      <caption>
        Accuracy change of each brand × region cell, current week against the baseline. Hatched: too few
        labels (fewer than {minimums.minCurrentN} in the week or {minimums.minBaselineN} in the baseline), no
        percentage shown. Each cell is a link that filters every chart of the page to it.
      </caption>
      <thead>
        <tr>
          <th scope="col">Brand \ region</th>
          {regions.map((region) => (
            <th scope="col" key={region}>
              {region}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {brands.map((brand) => (
          <tr key={brand}>
            <th scope="row">{brand}</th>
            {regions.map((region) => {
              const cell = byCell.get(`${brand}\u0000${region}`);
              if (!cell) return <td key={region}>—</td>;
              const chosen = isSelected(cell.filter, selected);
              const coloured = cell.enough && cell.change !== null;
              const text = coloured ? points(cell.change) : "too few labels";
              const details = coloured
                ? `accuracy ${formatPercent(cell.baseline.accuracy)} → ${formatPercent(cell.current.accuracy)}`
                : "no percentage shown";
              const baselineN = `${formatCount(cell.baseline.n)} in the baseline${cell.significant ? ", significant" : ""}`;
              return (
                <td
                  key={region}
                  className={coloured ? "heat-cell" : "heat-cell hatched"}
                  style={coloured ? { background: cellColour(cell.change as number) } : undefined}
                  data-testid={`heat-${brand}-${region}`}
                >
                  {/* The visible text is part of the link's name (screen readers hear the cell first). */}
                  <Link
                    href={segmentHref(search, cell.filter)}
                    scroll={false}
                    aria-current={chosen ? "true" : undefined}
                    title={`${cell.label}: ${text}, ${details}; n = ${cell.current.n} this week, ${baselineN}`}
                  >
                    <span className="sr-only">{cell.label}: </span>
                    {text}
                    {cell.significant ? " *" : ""}
                    <br />
                    <small>n = {formatCount(cell.current.n)}</small>
                    <span className="sr-only">
                      {" "}
                      this week, {baselineN}; {details}
                    </span>
                  </Link>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RankedRow({
  segment,
  search,
  selected,
}: {
  segment: SegmentResult;
  search: Record<string, string>;
  selected: SegmentFilter;
}) {
  const chosen = isSelected(segment.filter, selected);
  const clickable = Boolean(segment.filter.brand || segment.filter.region || segment.filter.actionType);
  return (
    <tr aria-current={chosen ? "true" : undefined}>
      <th scope="row">
        {clickable ? (
          <Link href={segmentHref(search, segment.filter)} scroll={false}>
            {segment.label}
          </Link>
        ) : (
          segment.label
        )}
      </th>
      <td>{segment.share === null ? "—" : `${Math.round(segment.share * 100)} %`}</td>
      <td>{points(segment.contribution)}</td>
      <td>{points(segment.within)}</td>
      <td>{points(segment.mix)}</td>
      <td>{segment.share === null ? "—" : partWord(segment)}</td>
      <td>{formatPercent(segment.baseline.accuracy)}</td>
      <td>
        {segment.enough ? (
          <>
            {formatPercent(segment.current.accuracy)} (
            {formatInterval(segment.current.ciLow, segment.current.ciHigh)})
          </>
        ) : (
          "too few labels"
        )}
      </td>
      <td>
        {formatCount(segment.current.n)} / {formatCount(segment.baseline.n)}
      </td>
      <td>
        {segment.qValue === null ? "—" : segment.qValue < 0.001 ? "< 0.001" : segment.qValue.toFixed(3)}
      </td>
      <td>{segment.enough && segment.current.ece !== null ? segment.current.ece.toFixed(3) : "—"}</td>
      <td>
        {segment.enough && segment.current.calibrationInTheLarge !== null
          ? segment.current.calibrationInTheLarge.toFixed(3)
          : "—"}
      </td>
      <td>{formatPercent(segment.current.coverage, 0)}</td>
    </tr>
  );
}

function Ranked({
  view,
  search,
  selected,
}: {
  view: SegmentView;
  search: Record<string, string>;
  selected: SegmentFilter;
}) {
  return (
    <table
      className="data-table"
      aria-label={`What explains the change, by ${DIMENSION_LABELS[view.dimension]}`}
    >
      <thead>
        <tr>
          <th scope="col">Segment ({DIMENSION_LABELS[view.dimension]})</th>
          <th scope="col">Share of change</th>
          <th scope="col">Contribution</th>
          <th scope="col">Within</th>
          <th scope="col">Mix</th>
          <th scope="col">Mostly</th>
          <th scope="col">Baseline accuracy</th>
          <th scope="col">Accuracy (95% Wilson)</th>
          <th scope="col">Labeled now / baseline</th>
          <th scope="col">q (BH)</th>
          <th scope="col">ECE</th>
          <th scope="col">Calibration-in-the-large</th>
          <th scope="col">Label coverage</th>
        </tr>
      </thead>
      <tbody>
        {view.segments.map((segment) => (
          <RankedRow key={segment.key} segment={segment} search={search} selected={selected} />
        ))}
      </tbody>
    </table>
  );
}

/**
 * The drift page's "Where" panel (issue 20): which brand, region or brand × region cell the change
 * of accuracy is in, split into within-segment and mix parts that add up to the change. Every
 * segment is a link (in the URL) that narrows every chart of the page to it. Drawn on the server.
 */
export function WherePanel({ panel, search, selected }: Props) {
  const cells = panel.views.find((view) => view.dimension === "brand_region");
  const csv = `/api/drift/${panel.type}/segments?${new URLSearchParams({ ...(panel.version ? { version: panel.version } : {}), ...(panel.week ? { week: panel.week } : {}), format: "csv" })}`;
  return (
    <section id={SECTION} aria-labelledby={`${SECTION}-heading`} className="panel">
      <h2 id={`${SECTION}-heading`}>Where: segments of the change</h2>
      {!panel.week || !cells || cells.segments.length === 0 ? (
        <p className="empty">
          No segment to compare yet: {panel.version ?? "the type"} needs a labeled cohort week and baseline
          weeks (segments are aggregated after each labeling run).
        </p>
      ) : (
        <>
          <p>
            {panel.version}, week of {panel.week}, against{" "}
            {panel.baseline?.source === "reference" ? "its reference" : "the 12 weeks before"} (
            {panel.baseline?.from} – {panel.baseline?.to}): accuracy {points(cells.change)} = within segments{" "}
            {points(cells.within)} + mix {points(cells.mix)}. Diagnostics only: segment differences are tested
            (two-proportion, Benjamini–Hochberg across the segments of each table, * = q ≤{" "}
            {panel.minimums.alpha}) but raise no alert.
          </p>
          {panel.explanation ? (
            <p data-testid="where-explanation">
              <strong>{panel.explanation}</strong>
            </p>
          ) : null}
          <Heatmap view={cells} search={search} selected={selected} minimums={panel.minimums} />
          <h3>What explains the change</h3>
          <Ranked view={cells} search={search} selected={selected} />
          {panel.views
            .filter((view) => view.dimension !== "brand_region")
            .map((view) => (
              <details key={view.dimension}>
                <summary>By {DIMENSION_LABELS[view.dimension]}</summary>
                <Ranked view={view} search={search} selected={selected} />
              </details>
            ))}
          <p>
            <a href={csv} download>
              Download CSV
            </a>
          </p>
        </>
      )}
    </section>
  );
}
