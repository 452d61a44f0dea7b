"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { SEGMENT_FILTERS } from "@/lib/dashboard/drift-query";
import type { SegmentFilter } from "@/lib/segments/segment-view";

/** Says which segment every chart is narrowed to, with the link back to the whole version. */
export function SegmentFilterNotice({ segment }: { segment: SegmentFilter }) {
  const searchParams = useSearchParams();
  const params = new URLSearchParams(searchParams.toString());
  for (const key of SEGMENT_FILTERS) params.delete(key);
  const href = params.size > 0 ? `?${params.toString()}` : "?";
  const names = [
    segment.brand && `brand ${segment.brand}`,
    segment.region && `region ${segment.region}`,
    segment.actionType && `action type ${segment.actionType}`,
  ].filter(Boolean);
  return (
    <p className="notice" role="status" data-testid="segment-filter">
      Every chart and table below shows only {names.join(", ")} (from the segment rollup; no nowcast for a
      segment). The drift decisions are the whole version&apos;s.{" "}
      <Link href={href} scroll={false}>
        Show all segments
      </Link>
    </p>
  );
}
