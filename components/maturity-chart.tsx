"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AnnotationMarker } from "@/lib/annotations/annotation-words";
import type { WeeklyMetric } from "@/lib/dashboard/weekly-metric";
import { formatCount, formatWeekShort } from "@/lib/format-number";
import { annotationLines } from "./annotation-lines";
import { CHART_HEIGHT } from "./chart-style";

const PARTS = [
  { key: "sampleSize", label: "labeled", color: "#2f5bd3" },
  { key: "decidedEarly", label: "decided early", color: "#93c5fd" },
  { key: "undecided", label: "pending", color: "#cbd5e1" },
  { key: "excluded", label: "excluded", color: "#b45309" },
  { key: "indeterminate", label: "indeterminate", color: "#7c3aed" },
] as const;

/**
 * Label maturity of one version: per cohort week, predictions labeled / decided early (labeled by
 * the early pass, not counted in any metric until the week is mature) / pending / excluded / indeterminate.
 */
export function MaturityChart({ rows, markers }: { rows: WeeklyMetric[]; markers?: AnnotationMarker[] }) {
  const data = rows.map((row) => ({
    ...row,
    decidedEarly: row.decidedEarly ?? 0,
    undecided: row.pending - (row.decidedEarly ?? 0),
  }));
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
      <BarChart
        data={data}
        margin={{ top: 10, right: 20, bottom: 0, left: 0 }}
        title="Predictions per cohort week by labeling state"
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis dataKey="week" tickFormatter={formatWeekShort} minTickGap={16} />
        <YAxis width={56} tickFormatter={formatCount} />
        {annotationLines(markers)}
        {PARTS.map((part) => (
          <Bar
            key={part.key}
            dataKey={part.key}
            name={part.label}
            stackId="labels"
            fill={part.color}
            isAnimationActive={false}
          />
        ))}
        <Tooltip
          labelFormatter={(week) => `Week of ${week}`}
          formatter={(value, name) => [formatCount(value as number), name]}
        />
        <Legend />
      </BarChart>
    </ResponsiveContainer>
  );
}
