import type { DbOrTx } from "../db";
import type { PredictionType } from "../vocabulary";
import type { ProfileCell, StoredBins } from "./compute-feature-drift";
import { ensureBinnedWeeks } from "./ensure-binned-weeks";
import type { FixedBins } from "./fixed-bins";

type BinRow = { feature: string; kind: string; edges: string[] | null; categories: string[] | null };
type CellRow = {
  week: string;
  feature: string;
  kind: ProfileCell["kind"];
  bin: number;
  bucket: string;
  n: number;
};

/**
 * One (type, model version)'s profile per cohort week already in the bins fixed from its reference
 * (feature_bin_weeks, brought up to date first): weeks × features × about 12 cells whatever the
 * number of predictions, for the weeks named (all when none). computeVersionDrifts with the
 * returned bins gives the same numbers as from the fine rollup (loadProfileCells).
 */
export async function loadBinnedProfile(
  db: DbOrTx,
  input: {
    predictionType: PredictionType;
    modelVersion: string;
    referenceWeeks: readonly string[];
    weeks?: readonly string[];
  },
): Promise<{ cells: ProfileCell[]; storedBins: StoredBins }> {
  await ensureBinnedWeeks(db, input);
  const { predictionType: type, modelVersion: version } = input;
  const weeks = input.weeks ? [...input.weeks] : null;
  // Bins and counts in one statement: one snapshot, so a rebuild committing between two reads
  // cannot pair counts with other bins. Edges as text: they read back as the same doubles.
  const [row] = await db.$queryRaw<{ bins: BinRow[]; cells: CellRow[] }[]>`
    SELECT
      (SELECT coalesce(json_agg(json_build_object('feature', feature, 'kind', kind,
                'edges', edges::text[], 'categories', categories)), '[]'::json)
       FROM feature_bins WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}) AS bins,
      (SELECT coalesce(json_agg(json_build_object('week', to_char(week, 'YYYY-MM-DD'), 'feature', feature,
                'kind', kind, 'bin', bin, 'bucket', bucket, 'n', n)), '[]'::json)
       FROM feature_bin_weeks
       WHERE prediction_type = ${type}::prediction_type AND model_version = ${version}
         AND (${weeks}::date[] IS NULL OR week = ANY(${weeks}::date[]))) AS cells`;
  const storedBins = new Map<string, FixedBins>();
  for (const bin of row.bins)
    storedBins.set(
      `${bin.kind}|${bin.feature}`,
      bin.edges
        ? { kind: "numeric", edges: bin.edges.map(Number) }
        : { kind: "categorical", categories: bin.categories ?? [], other: true },
    );
  const cells = row.cells.map(
    (cell): ProfileCell => ({
      week: cell.week,
      feature: cell.feature,
      kind: cell.kind,
      bucket: cell.bucket,
      numericValue: null,
      n: cell.n,
      ...(cell.bin >= 0 ? { bin: cell.bin } : {}),
    }),
  );
  return { cells, storedBins };
}
