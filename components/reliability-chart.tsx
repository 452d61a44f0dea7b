"use client";

import {
  CartesianGrid,
  ErrorBar,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ReliabilityBin } from "@/lib/dashboard/load-reliability-bins";
import { formatInterval, formatPercent } from "@/lib/format-number";
import { CHART_HEIGHT, percentTick, VERSION_COLORS } from "./chart-style";

/** Observed positive rate against mean predicted probability per bin, with Wilson intervals, against the diagonal. */
export function ReliabilityChart({ bins }: { bins: ReliabilityBin[] }) {
  const points = bins
    .filter((bin) => bin.n > 0)
    .map((bin) => ({ ...bin, error: [bin.observedRate! - bin.ciLow!, bin.ciHigh! - bin.observedRate!] }));
  return (
    <ResponsiveContainer width="100%" height={CHART_HEIGHT + 40}>
      <ScatterChart
        margin={{ top: 10, right: 20, bottom: 10, left: 0 }}
        title="Reliability diagram: observed positive rate against mean predicted probability per bin"
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
        <XAxis
          type="number"
          dataKey="meanPredicted"
          name="mean predicted"
          domain={[0, 1]}
          tickFormatter={percentTick}
          label={{ value: "mean predicted probability", position: "insideBottom", offset: -5, fontSize: 12 }}
        />
        <YAxis
          type="number"
          dataKey="observedRate"
          name="observed rate"
          domain={[0, 1]}
          tickFormatter={percentTick}
          width={48}
        />
        <ReferenceLine
          segment={[
            { x: 0, y: 0 },
            { x: 1, y: 1 },
          ]}
          stroke="#6b7280"
          strokeDasharray="4 4"
          ifOverflow="extendDomain"
        />
        <Scatter
          data={points}
          fill={VERSION_COLORS[0]}
          name="bins"
          isAnimationActive={false}
          className="reliability-points"
        >
          <ErrorBar dataKey="error" direction="y" stroke={VERSION_COLORS[0]} width={6} />
        </Scatter>
        <Tooltip
          content={({ payload }) => {
            const bin = payload?.[0]?.payload as (ReliabilityBin & { error: number[] }) | undefined;
            if (!bin) return null;
            return (
              <div className="chart-tooltip">
                Bin {formatPercent(bin.binLow, 0)}–{formatPercent(bin.binHigh, 0)}: n = {bin.n}, mean
                predicted {formatPercent(bin.meanPredicted)}, observed {formatPercent(bin.observedRate)} (95%
                CI {formatInterval(bin.ciLow, bin.ciHigh)})
              </div>
            );
          }}
        />
      </ScatterChart>
    </ResponsiveContainer>
  );
}
