"use client";

import { useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { annotationMarkers } from "@/lib/annotations/annotation-words";
import type { AnnotationView } from "@/lib/annotations/annotations";
import { decidedShareOf, pivotWeeks, provisionalSpan } from "@/lib/dashboard/chart-rows";
import { defaultReliabilityWeek } from "@/lib/dashboard/default-reliability-week";
import { DriftViewQuery, driftViewSearch } from "@/lib/dashboard/drift-query";
import type { DriftView } from "@/lib/dashboard/load-drift-view";
import type { ReliabilityDiagram } from "@/lib/dashboard/load-reliability-bins";
import { type IgnoredFilter, parseFilters } from "@/lib/http/search-params";
import { AccuracyChart } from "./accuracy-chart";
import { AnnotationsPanel } from "./annotations-panel";
import { ChartPanel } from "./chart-panel";
import { CsvExportButton } from "./csv-export-button";
import { DriftControls } from "./drift-controls";
import { FindingList } from "./finding-list";
import { IgnoredFilters } from "./ignored-filters";
import { MaturityChart } from "./maturity-chart";
import { MaturityLegend } from "./maturity-legend";
import { ReliabilityPanel } from "./reliability-panel";
import { SegmentFilterNotice } from "./segment-filter-notice";
import { useAnnotations } from "./use-annotations";
import { useDriftView } from "./use-drift-view";
import { WeeklyLineChart } from "./weekly-line-chart";
import { WeeklyMetricsTable } from "./weekly-metrics-table";

type Props = {
  initialQuery: DriftViewQuery;
  initialView: DriftView;
  initialReliability: ReliabilityDiagram | null;
  /** Filters of the address the server did not apply (a bad value, a version the type lacks). */
  ignored: IgnoredFilter[];
  /** The type's annotations (issue 21), marked on every chart; who may write and delete them. */
  initialAnnotations: AnnotationView[];
  annotating: { canWrite: boolean; writeReason: string; me: { id: string; admin: boolean } };
};

/**
 * The drift page's client side: the URL holds every choice (versions, range, week); the charts
 * read /api/drift/[type]/metrics through TanStack Query, starting from the server's first render.
 */
export function DriftDashboard({
  initialQuery,
  initialView,
  initialReliability,
  ignored,
  initialAnnotations,
  annotating,
}: Props) {
  const searchParams = useSearchParams();
  // The same rule as the server's: a bad value in the address is ignored and named.
  const here = parseFilters(DriftViewQuery, searchParams, { type: initialQuery.type });
  const query = here.query;
  const [notice, setNotice] = useState(ignored);
  // The address becomes the view the server showed, so the charts ask for that view, not the bad one.
  useEffect(() => {
    if (ignored.length === 0) return;
    const search = driftViewSearch(initialQuery);
    window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
  }, [ignored, initialQuery]);
  const setQuery = (patch: Partial<Omit<DriftViewQuery, "type">>) => {
    setNotice([]);
    const search = driftViewSearch({ ...query, ...patch });
    window.history.pushState(null, "", search ? `?${search}` : window.location.pathname);
  };
  const metrics = useDriftView(query, { params: initialQuery, view: initialView });
  const view = metrics.data;
  const type = query.type;
  const versions = view ? [view.version, view.compare].filter((v): v is string => v !== null) : [];
  const rows = view?.rows ?? [];
  const primaryRows = rows.filter((row) => row.modelVersion === view?.version);
  const data = pivotWeeks(rows, versions);
  const annotations = useAnnotations(type, initialAnnotations);
  const markers = annotationMarkers(annotations.data ?? [], versions);
  const provisional = view?.version ? provisionalSpan(rows, view.version) : null;
  const accuracyFinding = view?.findings.find(
    (finding) => finding.modelVersion === view.version && finding.kind === "accuracy_degradation",
  );
  const baseline = accuracyFinding?.baselineValue ?? null;
  const state = { pending: metrics.isPending, error: metrics.error, onRetry: () => void metrics.refetch() };
  const noRows = !view
    ? null
    : view.versions.length === 0
      ? `No ${type} predictions yet: models send them to the ingestion API.`
      : rows.length === 0
        ? `${view.version} has no cohort week in the chosen range.`
        : null;
  const noLabels = `No week has labels yet: a ${type} label can exist only ${view?.labelDelayDays ?? "?"} days after its prediction (observation window + data lag).`;
  const emptyFor = (field: "accuracy" | "ece" | "brierScore" | "mae" | "directionAccuracy") =>
    noRows ?? (rows.some((row) => row[field] !== null) ? null : noLabels);
  const msi = type === "market_share_impact";
  const backtests = (view?.backtests ?? []).filter((b) => versions.includes(b.modelVersion));
  const caption = `Weekly metrics of ${versions.join(" and ")}, ${rows.length} rows, weeks starting Monday (${view?.timezone ?? "UTC"})`;

  return (
    <>
      {view && (
        <DriftControls
          versions={view.versions}
          version={view.version}
          compare={view.compare}
          from={query.from}
          to={query.to}
          onChange={setQuery}
        />
      )}
      <IgnoredFilters ignored={notice.length > 0 ? notice : here.ignored} />
      {view?.segment && <SegmentFilterNotice segment={view.segment} />}
      {view && <FindingList findings={view.findings} versions={versions} />}
      {view && <MaturityLegend labelDelayDays={view.labelDelayDays} timezone={view.timezone} />}
      {msi ? (
        <>
          <ChartPanel
            id="direction-panel"
            title="Direction accuracy per week"
            description="Share of predictions whose predicted share change has the sign of the realised one."
            empty={emptyFor("directionAccuracy")}
            {...state}
          >
            <WeeklyLineChart
              data={data}
              versions={versions}
              metrics={[{ field: "directionAccuracy", label: "direction accuracy" }]}
              unit="percent"
              provisional={provisional}
              markers={markers}
            />
          </ChartPanel>
          <ChartPanel
            id="mae-panel"
            title="Mean absolute error per week"
            description="Mean |realised − predicted| market-share change, in share points (0.01 = 1 point)."
            empty={emptyFor("mae")}
            {...state}
          >
            <WeeklyLineChart
              data={data}
              versions={versions}
              metrics={[{ field: "mae", label: "MAE" }]}
              unit="decimal"
              provisional={provisional}
              markers={markers}
            />
          </ChartPanel>
        </>
      ) : (
        <>
          <ChartPanel
            id="accuracy-panel"
            title="Accuracy per week"
            description={`Share of labeled predictions with (p ≥ 0.5) = outcome, with its 95% Wilson interval; the dashed lines are the pooled baseline of the weeks before the latest mature week and the alert threshold ${accuracyFinding ? `(baseline − ${(accuracyFinding.threshold * 100).toFixed(0)} points)` : ""}. In the shaded provisional weeks the dashed line is the nowcast: the final accuracy estimated from the labels decided so far and how fast outcomes arrived in the reference weeks, with its 90% band. Click a week for its reliability diagram.`}
            controls={backtests.map((b) => (
              <p key={b.modelVersion} className="muted small" data-testid="nowcast-backtest">
                {b.modelVersion} nowcast {b.text}
              </p>
            ))}
            empty={emptyFor("accuracy")}
            {...state}
          >
            <AccuracyChart
              data={data}
              versions={versions}
              baseline={baseline}
              threshold={baseline !== null && accuracyFinding ? baseline - accuracyFinding.threshold : null}
              provisional={provisional}
              markers={markers}
              decided={versions.map((version) => decidedShareOf(rows, version))}
              selectedWeek={query.week}
              onSelectWeek={(week) => setQuery({ week })}
            />
          </ChartPanel>
          <ChartPanel
            id="calibration-panel"
            title="Calibration per week"
            description="ECE (10 equal-width bins, Σ n_b/n · |mean p_b − rate_b|) and calibration-in-the-large (|mean predicted − positive rate|); 0 is perfect. The weekly table adds the equal-mass ECE (10 groups of equal count) and the Brier score's reliability, resolution and uncertainty (Murphy), with 95% bootstrap intervals."
            empty={emptyFor("ece")}
            {...state}
          >
            <WeeklyLineChart
              data={data}
              versions={versions}
              metrics={[
                { field: "ece", label: "ECE" },
                { field: "calibrationError", label: "calibration-in-the-large" },
              ]}
              unit="decimal"
              provisional={provisional}
              markers={markers}
            />
          </ChartPanel>
          <ChartPanel
            id="positive-rate-panel"
            title="Positive rate against mean predicted probability"
            description="Observed share of positive labels and the mean predicted probability of the same predictions."
            empty={emptyFor("accuracy")}
            {...state}
          >
            <WeeklyLineChart
              data={data}
              versions={versions}
              metrics={[
                { field: "positiveRate", label: "positive rate" },
                { field: "meanPredicted", label: "mean predicted" },
              ]}
              unit="percent"
              provisional={provisional}
              markers={markers}
            />
          </ChartPanel>
          <ChartPanel
            id="brier-panel"
            title="Brier score per week"
            description="Mean (p − y)² of the labeled predictions; lower is better, 0.25 is a constant 0.5."
            empty={emptyFor("brierScore")}
            {...state}
          >
            <WeeklyLineChart
              data={data}
              versions={versions}
              metrics={[{ field: "brierScore", label: "Brier score" }]}
              unit="decimal"
              provisional={provisional}
              markers={markers}
            />
          </ChartPanel>
          <ReliabilityPanel
            type={type}
            version={view?.version ?? null}
            weeks={primaryRows.filter((row) => row.sampleSize > 0).map((row) => row.week)}
            week={query.week ?? defaultReliabilityWeek(rows, view?.version ?? null)}
            onSelectWeek={(week) => setQuery({ week })}
            initial={initialReliability}
            segment={query}
          />
        </>
      )}
      <ChartPanel
        id="maturity-panel"
        title={`Label maturity per cohort week${view?.version ? ` (${view.version})` : ""}`}
        description="Predictions of each week by labeling state: labeled (positive or negative), decided early (labeled before maturity because the label can no longer change; counted in no metric until the week is mature), still pending, excluded, indeterminate."
        empty={noRows}
        {...state}
      >
        <MaturityChart rows={primaryRows} markers={markers} />
      </ChartPanel>
      {view && (
        <AnnotationsPanel
          type={type}
          versions={view.versions}
          annotations={annotations.data ?? []}
          {...annotating}
          onChanged={() => void annotations.refetch()}
        />
      )}
      <ChartPanel
        id="table-panel"
        title="Weekly numbers"
        description={
          <>
            The numbers behind the charts; provisional weeks in italics. <CsvExportButton params={query} />
          </>
        }
        empty={noRows}
        {...state}
      >
        <WeeklyMetricsTable type={type} rows={rows} caption={caption} />
      </ChartPanel>
    </>
  );
}
