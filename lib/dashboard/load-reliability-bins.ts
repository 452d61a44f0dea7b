import type { Db } from "../db";
import { invalid } from "../errors";
import type { ReliabilityQuery } from "./drift-query";
import { hasSegmentFilter, loadSegmentReliabilityBins } from "./load-segment-metrics";

/** One of the ten equal-width probability bins of a cohort week (reliability_bins). */
export type ReliabilityBin = {
  bin: number;
  binLow: number;
  binHigh: number;
  n: number;
  meanPredicted: number | null;
  observedRate: number | null;
  /** Wilson 95% interval of the observed rate. */
  ciLow: number | null;
  ciHigh: number | null;
};

export type ReliabilityDiagram = ReliabilityQuery & { n: number; bins: ReliabilityBin[] };

type Row = {
  bin: number;
  bin_low: number;
  bin_high: number;
  n: number;
  mean_predicted: number | null;
  observed_rate: number | null;
  ci_low: number | null;
  ci_high: number | null;
};

/**
 * The reliability diagram of one (type, version, week) from the rollup: all ten bins, empty ones
 * with n = 0. A version the type has no predictions of is INVALID on `version` (not ten empty bins).
 * With a segment filter, the bins of that segment (segment_rollups).
 */
export async function loadReliabilityBins(db: Db, query: ReliabilityQuery): Promise<ReliabilityDiagram> {
  const known = await db.metricRollup.findFirst({
    where: { predictionType: query.type, modelVersion: query.version },
    select: { bin: true },
  });
  if (!known) throw invalid("version", `version: ${query.type} has no model version "${query.version}"`);
  if (hasSegmentFilter(query)) {
    const bins = await loadSegmentReliabilityBins(db, query);
    return { ...query, n: bins.reduce((sum, bin) => sum + bin.n, 0), bins };
  }
  const rows = await db.$queryRaw<
    Row[]
  >`SELECT * FROM reliability_bins(${query.type}::prediction_type, ${query.version}, ${query.week}::date)`;
  const bins = rows.map((row) => ({
    bin: row.bin,
    binLow: Number(row.bin_low),
    binHigh: Number(row.bin_high),
    n: row.n,
    meanPredicted: row.mean_predicted,
    observedRate: row.observed_rate,
    ciLow: row.ci_low,
    ciHigh: row.ci_high,
  }));
  return { ...query, n: bins.reduce((sum, bin) => sum + bin.n, 0), bins };
}
