"use client";

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { AnnotationMarker } from "@/lib/annotations/annotation-words";
import { formatPercent, formatWeekShort } from "@/lib/format-number";
import { annotationLines } from "./annotation-lines";
import { CHART_HEIGHT, percentTick, VERSION_COLORS } from "./chart-style";

export type QualityChartWeek = {
  week: string;
  raised: number;
  withVerdict: number;
  precision: number | null;
};

/**
 * Alerts raised and given a verdict per week (bars, left axis) and precision (line, right axis),
 * with the period's annotations marked on their weeks.
 */
export function AlertQualityChart({
  weeks,
  markers,
}: {
  weeks: QualityChartWeek[];
  markers: readonly AnnotationMarker[];
}) {
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart
        data={weeks}
        margin={{ top: 10, right: 20, bottom: 0, left: 0 }}
        title="Alerts raised, with a verdict, and precision per week (UTC); the table has the numbers"
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="week" tickFormatter={formatWeekShort} minTickGap={16} />
        <YAxis yAxisId="count" allowDecimals={false} width={40} />
        <YAxis yAxisId="share" orientation="right" domain={[0, 1]} tickFormatter={percentTick} width={48} />
        <Bar yAxisId="count" dataKey="raised" name="Raised" fill="#cbd5e1" isAnimationActive={false} />
        <Bar
          yAxisId="count"
          dataKey="withVerdict"
          name="With a verdict"
          fill="#94a3b8"
          isAnimationActive={false}
        />
        <Line
          yAxisId="share"
          dataKey="precision"
          name="Precision (real drift ÷ with a verdict)"
          stroke={VERSION_COLORS[0]}
          strokeWidth={2}
          connectNulls={false}
          isAnimationActive={false}
        />
        {annotationLines(markers, "count")}
        <Tooltip
          labelFormatter={(week) => `Week of ${week} (UTC)`}
          formatter={(value, name) => [
            name === "Precision (real drift ÷ with a verdict)"
              ? formatPercent(value as number)
              : String(value),
            name,
          ]}
        />
        <Legend />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
