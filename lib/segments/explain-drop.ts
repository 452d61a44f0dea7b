import type { SegmentResult, SegmentView } from "./segment-view";

/** A contribution smaller than this share of the drop is not named. */
const MIN_NAMED_SHARE = 0.1;
/** At most this many segments in the sentence. */
const MAX_NAMED = 2;

/** "within-segment" when the segment's own accuracy moved more than its share of predictions. */
export const partWord = (segment: Pick<SegmentResult, "within" | "mix">) =>
  Math.abs(segment.within) >= Math.abs(segment.mix) ? "within-segment" : "mix";

/**
 * One sentence naming the segments that explain most of an accuracy drop, e.g. "71 % of the drop
 * is in Norvexa · west, within-segment; 12 % in Calyptra · south, mix." Null when accuracy did not
 * drop or no segment holds at least a tenth of the drop.
 */
export function explainDrop(view: SegmentView): string | null {
  if (!(view.change < 0)) return null;
  const named = view.segments
    .filter((segment) => segment.share !== null && segment.share >= MIN_NAMED_SHARE)
    .slice(0, MAX_NAMED);
  if (named.length === 0) return null;
  const parts = named.map(
    (segment, i) =>
      `${Math.round((segment.share as number) * 100)} %${i === 0 ? " of the drop is" : ""} in ${segment.label}, ${partWord(segment)}`,
  );
  return `${parts.join("; ")}.`;
}
