import { ReferenceLine } from "recharts";

export const THRESHOLD_COLOR = "#b42318";

/**
 * The horizontal levels a metric chart is judged against: the baseline (grey, long dashes) and
 * each alert threshold (red, short dashes), labelled on the right. Called as a function inside the
 * chart, like annotationLines: Recharts reads its direct children.
 */
export function levelLines(levels: {
  baseline?: { y: number; label: string } | null;
  thresholds?: { y: number; label: string }[];
}) {
  return [
    levels.baseline ? (
      <ReferenceLine
        key="baseline"
        y={levels.baseline.y}
        stroke="#374151"
        strokeDasharray="6 3"
        label={{ value: levels.baseline.label, position: "right", fontSize: 11 }}
      />
    ) : null,
    ...(levels.thresholds ?? []).map((threshold) => (
      <ReferenceLine
        key={`threshold-${threshold.y}`}
        y={threshold.y}
        stroke={THRESHOLD_COLOR}
        strokeDasharray="2 3"
        label={{ value: threshold.label, position: "right", fontSize: 11, fill: THRESHOLD_COLOR }}
      />
    )),
  ];
}
