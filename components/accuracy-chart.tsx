"use client";

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { AnnotationMarker } from "@/lib/annotations/annotation-words";
import { type ChartRow, seriesKey } from "@/lib/dashboard/chart-rows";
import { formatInterval, formatPercent, formatWeekShort } from "@/lib/format-number";
import { annotationLines } from "./annotation-lines";
import { CHART_HEIGHT, percentTick, VERSION_COLORS, weekDot } from "./chart-style";
import { levelLines } from "./level-lines";

type Props = {
  data: ChartRow[];
  versions: string[];
  /** Pooled accuracy of the baseline weeks and the level below which an accuracy alert can fire. */
  baseline: number | null;
  threshold: number | null;
  provisional: { from: string; to: string } | null;
  /** The type's annotations on this chart's weeks. */
  markers?: AnnotationMarker[];
  /** Per version, the share of labels decided in its estimated weeks (null: no nowcast). */
  decided?: (number | null)[];
  selectedWeek?: string;
  onSelectWeek: (week: string) => void;
};

/**
 * Weekly accuracy per version with its Wilson band, the baseline and the alert threshold, and in the
 * provisional region the nowcast as a dashed line with its 90 % band; a click picks the week.
 */
export function AccuracyChart({
  data,
  versions,
  baseline,
  threshold,
  provisional,
  markers,
  decided = [],
  selectedWeek,
  onSelectWeek,
}: Props) {
  const values = data
    .flatMap((row) => versions.map((_, i) => row[seriesKey("band", i)] as [number, number] | null))
    .filter(Boolean)
    .flat() as number[];
  const low = Math.max(0, Math.floor((Math.min(...values, threshold ?? 1, baseline ?? 1) - 0.05) * 10) / 10);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart
        data={data}
        margin={{ top: 10, right: 90, bottom: 0, left: 0 }}
        title={`Accuracy per week with its 95% interval, ${versions.join(" and ")}; choose a week to see its reliability diagram`}
        onClick={(state) => state?.activeLabel && onSelectWeek(String(state.activeLabel))}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="week" tickFormatter={formatWeekShort} minTickGap={16} />
        <YAxis domain={[low, 1]} tickFormatter={percentTick} width={48} />
        {provisional && (
          <ReferenceArea x1={provisional.from} x2={provisional.to} fill="#9ca3af" fillOpacity={0.15} />
        )}
        {annotationLines(markers)}
        {selectedWeek && <ReferenceLine x={selectedWeek} stroke="#111827" strokeOpacity={0.4} />}
        {versions.map((version, i) => (
          <Area
            key={`band-${version}`}
            dataKey={seriesKey("band", i)}
            name={`${version} 95% interval`}
            stroke="none"
            fill={VERSION_COLORS[i]}
            fillOpacity={0.15}
            isAnimationActive={false}
            legendType="square"
          />
        ))}
        {versions.map((version, i) =>
          decided[i] == null ? null : (
            <Area
              key={`estimate-band-${version}`}
              dataKey={seriesKey("estimateBand", i)}
              name={`${version} estimated, 90% interval`}
              stroke="none"
              fill={VERSION_COLORS[i]}
              fillOpacity={0.08}
              isAnimationActive={false}
              legendType="none"
            />
          ),
        )}
        {versions.map((version, i) =>
          decided[i] == null ? null : (
            <Line
              key={`estimate-${version}`}
              dataKey={seriesKey("estimate", i)}
              name={`${version} estimated — ${formatPercent(decided[i] as number, 0)} of labels decided`}
              stroke={VERSION_COLORS[i]}
              strokeWidth={2}
              strokeDasharray="5 4"
              dot={false}
              isAnimationActive={false}
            />
          ),
        )}
        {versions.map((version, i) => (
          <Line
            key={version}
            dataKey={seriesKey("accuracy", i)}
            name={`${version} accuracy`}
            stroke={VERSION_COLORS[i]}
            strokeWidth={2}
            dot={weekDot(i, VERSION_COLORS[i])}
            isAnimationActive={false}
          />
        ))}
        {levelLines({
          baseline: baseline === null ? null : { y: baseline, label: `baseline ${formatPercent(baseline)}` },
          thresholds:
            threshold === null ? [] : [{ y: threshold, label: `alert below ${formatPercent(threshold)}` }],
        })}
        <Tooltip
          labelFormatter={(week) => `Week of ${week}`}
          formatter={(value, name) =>
            Array.isArray(value)
              ? [formatInterval(value[0] as number, value[1] as number), name]
              : [formatPercent(value as number), name]
          }
        />
        <Legend />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
