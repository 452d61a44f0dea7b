"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { AnnotationMarker } from "@/lib/annotations/annotation-words";
import { type ChartRow, type MetricField, seriesKey } from "@/lib/dashboard/chart-rows";
import { formatDecimal, formatPercent, formatWeekShort } from "@/lib/format-number";
import { annotationLines } from "./annotation-lines";
import { CHART_HEIGHT, percentTick, SECOND_COLORS, VERSION_COLORS, weekDot } from "./chart-style";

type Props = {
  data: ChartRow[];
  versions: string[];
  /** One or two metrics; the second is drawn dashed in its own colour. */
  metrics: { field: MetricField; label: string }[];
  unit: "percent" | "decimal";
  provisional: { from: string; to: string } | null;
  /** The type's annotations on this chart's weeks. */
  markers?: AnnotationMarker[];
};

/** Weekly metrics of up to two versions on one axis (calibration, positive rate, Brier, MAE…). */
export function WeeklyLineChart({ data, versions, metrics, unit, provisional, markers }: Props) {
  const format = (value: number) => (unit === "percent" ? formatPercent(value) : formatDecimal(value));
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <LineChart
        data={data}
        margin={{ top: 10, right: 20, bottom: 0, left: 0 }}
        title={`${metrics.map((m) => m.label).join(" and ")} per week, ${versions.join(" and ")}; the weekly table has the numbers`}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="week" tickFormatter={formatWeekShort} minTickGap={16} />
        <YAxis
          tickFormatter={unit === "percent" ? percentTick : (value: number) => value.toFixed(2)}
          width={48}
          domain={[0, "auto"]}
        />
        {provisional && (
          <ReferenceArea x1={provisional.from} x2={provisional.to} fill="#9ca3af" fillOpacity={0.15} />
        )}
        {annotationLines(markers)}
        {versions.flatMap((version, i) =>
          metrics.map((metric, m) => {
            const color = m === 0 ? VERSION_COLORS[i] : SECOND_COLORS[i];
            return (
              <Line
                key={`${version}-${metric.field}`}
                dataKey={seriesKey(metric.field, i)}
                name={`${version} ${metric.label}`}
                stroke={color}
                strokeWidth={2}
                strokeDasharray={m === 0 ? undefined : "5 3"}
                dot={weekDot(i, color)}
                isAnimationActive={false}
              />
            );
          }),
        )}
        <Tooltip
          labelFormatter={(week) => `Week of ${week}`}
          formatter={(value, name) => [format(value as number), name]}
        />
        <Legend />
      </LineChart>
    </ResponsiveContainer>
  );
}
