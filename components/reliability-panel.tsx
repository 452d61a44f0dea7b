"use client";

import type { ReliabilityDiagram } from "@/lib/dashboard/load-reliability-bins";
import { formatCount, formatInterval, formatPercent } from "@/lib/format-number";
import type { PredictionType } from "@/lib/generated/prisma/enums";
import { ChartPanel } from "./chart-panel";
import { ReliabilityChart } from "./reliability-chart";
import { SelectField } from "./select-field";
import { useReliability } from "./use-drift-view";

type Props = {
  type: PredictionType;
  version: string | null;
  weeks: string[];
  week: string | undefined;
  onSelectWeek: (week: string | undefined) => void;
  initial: ReliabilityDiagram | null;
  /** The segment the page is filtered to (issue 20). */
  segment?: { brand?: string; region?: string; actionType?: string };
};

/** The reliability diagram of a chosen cohort week, with the bins as a table. */
export function ReliabilityPanel({ type, version, weeks, week, onSelectWeek, initial, segment }: Props) {
  const query = useReliability(type, version, week, initial, segment);
  const diagram = query.data;
  const empty = !week
    ? "Pick a week (here, or by clicking the accuracy chart) to draw its reliability diagram."
    : diagram && diagram.n === 0
      ? `No labeled prediction of ${version} in the week of ${week} yet.`
      : null;
  return (
    <ChartPanel
      id="reliability"
      title="Reliability diagram"
      description={
        <>
          Ten equal-width probability bins of {version ?? "the version"} for one cohort week: observed
          positive rate against mean predicted probability, with 95% Wilson intervals; a calibrated model lies
          on the dashed diagonal.
          {diagram && diagram.n > 0 ? ` n = ${formatCount(diagram.n)} labeled predictions.` : ""}
        </>
      }
      pending={Boolean(week) && query.isPending}
      error={query.error}
      onRetry={() => void query.refetch()}
      empty={empty}
      controls={
        <SelectField
          id="reliability-week"
          label="Week of the reliability diagram"
          options={weeks}
          emptyOption="choose a week"
          value={week ?? ""}
          onChange={(value) => onSelectWeek(value || undefined)}
        />
      }
    >
      {diagram && (
        <>
          <ReliabilityChart bins={diagram.bins} />
          <table className="data compact">
            <caption className="sr-only">
              Reliability bins of {version}, week of {week}
            </caption>
            <thead>
              <tr>
                <th scope="col">Bin</th>
                <th scope="col" className="num">
                  n
                </th>
                <th scope="col" className="num">
                  Mean predicted
                </th>
                <th scope="col" className="num">
                  Observed rate
                </th>
                <th scope="col" className="num">
                  95% interval
                </th>
              </tr>
            </thead>
            <tbody>
              {diagram.bins.map((bin) => (
                <tr key={bin.bin}>
                  <td>
                    {formatPercent(bin.binLow, 0)}–{formatPercent(bin.binHigh, 0)}
                  </td>
                  <td className="num">{formatCount(bin.n)}</td>
                  <td className="num">{formatPercent(bin.meanPredicted)}</td>
                  <td className="num">{formatPercent(bin.observedRate)}</td>
                  <td className="num">{formatInterval(bin.ciLow, bin.ciHigh)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </ChartPanel>
  );
}
