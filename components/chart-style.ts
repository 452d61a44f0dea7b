// Colours and shared drawing bits of the drift charts (client side).

import { createElement } from "react";
import type { DotItemDotProps } from "recharts";
import { seriesKey } from "@/lib/dashboard/chart-rows";

/** Version 0 (chosen) and version 1 (overlaid). */
export const VERSION_COLORS = ["#2f5bd3", "#c2410c"] as const;
export const SECOND_COLORS = ["#0f766e", "#a21caf"] as const;

export const CHART_HEIGHT = 260;

/**
 * Dots of a weekly series: filled for mature weeks, hollow for provisional ones (labels still
 * arriving), with a class naming both so the journeys can count them.
 */
export function weekDot(index: number, color: string) {
  return function drawWeekDot(props: DotItemDotProps) {
    const key = `${props.dataKey}-${props.index}`;
    if (props.cx == null || props.cy == null || props.value == null) return createElement("g", { key });
    const mature = props.payload?.[seriesKey("mature", index)] === true;
    return createElement("circle", {
      key,
      cx: props.cx,
      cy: props.cy,
      r: mature ? 3.5 : 4,
      fill: mature ? color : "#ffffff",
      stroke: color,
      strokeWidth: mature ? 1 : 2,
      className: `week-point week-point-${index} ${mature ? "week-point-mature" : "week-point-provisional"}`,
    });
  };
}

export const percentTick = (value: number) => `${Math.round(value * 100)}%`;
