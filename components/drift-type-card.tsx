import Link from "next/link";
import type { TypeCard } from "@/lib/dashboard/type-card";
import { formatCount, formatDecimal, formatInterval, formatPercent } from "@/lib/format-number";
import { Sparkline } from "./sparkline";
import { StatusBadge } from "./status-badge";

/** One prediction type on the overview: its latest mature week, status, open alerts and trend. */
export function DriftTypeCard({ card }: { card: TypeCard }) {
  const latest = card.latest;
  const msi = card.type === "market_share_impact";
  const headingId = `card-${card.type}`;
  // Too few labels to judge: the headline number is shown greyed, not as a result.
  const stat = card.status === "insufficient data" ? "stat stat-thin" : "stat";
  return (
    <article className="panel type-card" aria-labelledby={headingId} data-testid={`type-card-${card.type}`}>
      <header className="type-card-head">
        <h2 id={headingId}>
          <Link href={`/drift/${card.type}`}>{card.type}</Link>
        </h2>
        <StatusBadge status={card.status} />
      </header>
      <p className="muted small">
        {card.version ?? "no model version"}
        {card.otherVersions.length > 0 ? ` (also ${card.otherVersions.join(", ")})` : ""}
        {latest ? ` · week of ${latest.week}, n = ${formatCount(latest.sampleSize)}` : ""}
      </p>
      {latest ? (
        msi ? (
          <dl className="card-metrics">
            <dt>Direction accuracy</dt>
            <dd className={stat}>{formatPercent(latest.directionAccuracy)}</dd>
            <dt>MAE</dt>
            <dd>{formatDecimal(latest.mae, 4)}</dd>
            <dt>Label coverage</dt>
            <dd>{formatPercent(latest.labelCoverage)}</dd>
          </dl>
        ) : (
          <dl className="card-metrics">
            <dt>Accuracy</dt>
            <dd>
              <span className={stat}>{formatPercent(latest.accuracy)}</span>{" "}
              <span className="muted small">
                95% CI {formatInterval(latest.accuracyCiLow, latest.accuracyCiHigh)}
              </span>
            </dd>
            {card.estimatedNow && (
              <>
                <dt>Estimated now</dt>
                <dd title={card.estimatedNow.reason}>
                  <span className={stat}>{formatPercent(card.estimatedNow.accuracy)}</span>{" "}
                  <span className="muted small">
                    estimated, immature weeks to {card.estimatedNow.throughWeek ?? "—"}
                  </span>
                </dd>
              </>
            )}
            <dt>ECE</dt>
            <dd>{formatDecimal(latest.ece)}</dd>
            <dt>Brier score</dt>
            <dd>{formatDecimal(latest.brierScore)}</dd>
            <dt>Label coverage</dt>
            <dd>{formatPercent(latest.labelCoverage)}</dd>
          </dl>
        )
      ) : (
        <p className="muted">No mature week yet: labels of the oldest predictions are still arriving.</p>
      )}
      <p className="small status-reason">{card.statusReason}</p>
      {card.distributionDrift.map((sentence) => (
        <p key={sentence} className="small">
          {sentence}
        </p>
      ))}
      <p className="small">
        <Link href={`/alerts?type=${card.type}&state=open`}>
          {card.openAlerts === 1 ? "1 open alert" : `${card.openAlerts} open alerts`}
        </Link>
      </p>
      <Sparkline
        points={card.trend}
        label={`${msi ? "Direction accuracy" : "Accuracy"} over the last ${card.trend.length} labeled weeks: ${card.trend.map((p) => formatPercent(p.value)).join(", ")}`}
      />
    </article>
  );
}
