"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import styles from "./validation.module.css";

export type PatternBar = { label: string; failureCount: number; meanAbsDeltaPercent: number | null };

const ROW_HEIGHT = 34;

/** Failure count per (category, test) with the mean |Δ%| beside it, one row per pair, most frequent on top. */
export function FailurePatternChart({ bars }: { bars: PatternBar[] }) {
  const height = 80 + bars.length * ROW_HEIGHT;
  return (
    <div
      className={styles.chart}
      style={{ "--chart-height": `${height}px` } as React.CSSProperties}
      role="img"
      aria-label={`Bar chart of failure count and mean absolute delta per category and test, ${bars.length} bars; the table below has the same numbers`}
    >
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={bars} layout="vertical" margin={{ top: 8, right: 24, bottom: 8, left: 8 }} barGap={2}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis
            xAxisId="count"
            type="number"
            allowDecimals={false}
            orientation="bottom"
            label={{ value: "failures (n)", position: "insideBottomRight", offset: -4 }}
          />
          <XAxis xAxisId="delta" type="number" orientation="top" unit=" %" />
          <YAxis type="category" dataKey="label" width={260} tick={{ fontSize: 12 }} />
          <Tooltip
            formatter={(value, name) =>
              name === "Mean |Δ%|" && typeof value === "number" ? `${value.toFixed(1)} %` : value
            }
          />
          <Legend />
          <Bar xAxisId="count" dataKey="failureCount" name="Failures" fill="#2f5bd3" />
          <Bar xAxisId="delta" dataKey="meanAbsDeltaPercent" name="Mean |Δ%|" fill="#f79009" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
