"use client";

import {
  Area,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ReferenceDot,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { AlertChart } from "@/lib/alerts/alert-chart";
import { formatDecimal, formatInterval, formatPercent, formatWeekShort } from "@/lib/format-number";
import { CHART_HEIGHT, percentTick } from "./chart-style";
import { levelLines, THRESHOLD_COLOR } from "./level-lines";

const COLOR = "#2f5bd3";

/**
 * The finding's metric over the weeks around its cohort week: value and 95 % interval per week
 * (provisional weeks hollow and shaded), the reference weeks shaded, the baseline and the threshold
 * line(s), the cohort week's point ringed.
 */
export function AlertMetricChart({ chart }: { chart: Extract<AlertChart, { points: unknown }> }) {
  const format = (v: number) => (chart.unit === "percent" ? formatPercent(v) : formatDecimal(v, 4));
  const data = chart.points.map((p) => ({
    week: p.week,
    value: p.provisional ? null : p.value,
    provisional: p.provisional ? p.value : null,
    band: p.band,
  }));
  const current = chart.points.find((p) => p.week === chart.cohortWeek);
  const provisional = chart.points.filter((p) => p.provisional);
  const inRange = (week: string) => chart.points.some((p) => p.week === week);
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <ComposedChart
        data={data}
        margin={{ top: 10, right: 90, bottom: 0, left: 0 }}
        title={`${chart.metric} per week around the cohort week ${chart.cohortWeek}`}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="week" tickFormatter={formatWeekShort} minTickGap={16} />
        <YAxis
          tickFormatter={chart.unit === "percent" ? percentTick : (v: number) => v.toFixed(3)}
          width={52}
          domain={["auto", "auto"]}
        />
        {chart.reference && (inRange(chart.reference.from) || inRange(chart.reference.to)) && (
          <ReferenceArea
            x1={inRange(chart.reference.from) ? chart.reference.from : chart.points[0]?.week}
            x2={inRange(chart.reference.to) ? chart.reference.to : chart.points.at(-1)?.week}
            fill="#16a34a"
            fillOpacity={0.08}
            label={{ value: "reference weeks", position: "insideTopLeft", fontSize: 10 }}
          />
        )}
        {provisional.length > 0 && (
          <ReferenceArea
            x1={provisional[0].week}
            x2={provisional.at(-1)!.week}
            fill="#9ca3af"
            fillOpacity={0.15}
          />
        )}
        <Area
          dataKey="band"
          name="95% interval"
          stroke="none"
          fill={COLOR}
          fillOpacity={0.15}
          isAnimationActive={false}
          legendType="square"
        />
        <Line dataKey="value" name={chart.metric} stroke={COLOR} strokeWidth={2} isAnimationActive={false} />
        <Line
          dataKey="provisional"
          name={`${chart.metric}, provisional`}
          stroke={COLOR}
          strokeDasharray="4 3"
          dot={{ r: 3, fill: "#fff" }}
          isAnimationActive={false}
        />
        {levelLines({
          baseline:
            chart.baseline === null
              ? null
              : { y: chart.baseline, label: `baseline ${format(chart.baseline)}` },
          thresholds: chart.thresholds.map((level) => ({ y: level, label: `threshold ${format(level)}` })),
        })}
        {current?.value != null && (
          <ReferenceDot
            x={current.week}
            y={current.value}
            r={6}
            fill="none"
            stroke={THRESHOLD_COLOR}
            strokeWidth={2}
            label={{ value: "this alert", position: "top", fontSize: 11, fill: THRESHOLD_COLOR }}
          />
        )}
        <Tooltip
          labelFormatter={(week) => `Week of ${week}`}
          formatter={(value, name) =>
            Array.isArray(value)
              ? [formatInterval(value[0] as number, value[1] as number), name]
              : [format(value as number), name]
          }
        />
        <Legend />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
