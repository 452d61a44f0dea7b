import { ReferenceLine } from "recharts";
import type { AnnotationMarker } from "@/lib/annotations/annotation-words";

export const ANNOTATION_COLOR = "#7c3aed";

/**
 * The annotation markers of a chart as Recharts reference lines on their weeks (called as a
 * function inside the chart: Recharts reads its direct children). A marker's week must be one of
 * the chart's categories to be drawn. A chart with named Y axes names one (`yAxisId`): Recharts draws
 * no reference line on an axis the chart does not have (the default id 0).
 */
export function annotationLines(markers: readonly AnnotationMarker[] | undefined, yAxisId?: string) {
  return (markers ?? []).map((marker) => (
    <ReferenceLine
      key={`annotation-${marker.week}`}
      className="annotation-marker"
      x={marker.week}
      {...(yAxisId === undefined ? {} : { yAxisId })}
      stroke={ANNOTATION_COLOR}
      strokeDasharray="4 2"
      label={{
        value: `✎ ${marker.label}`.slice(0, 40),
        position: "insideTopLeft",
        fontSize: 10,
        fill: ANNOTATION_COLOR,
      }}
    />
  ));
}
