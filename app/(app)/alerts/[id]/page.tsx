import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertActions } from "@/components/alert-actions";
import { AlertMetricChart } from "@/components/alert-metric-chart";
import { snoozeChoicesUpTo } from "@/lib/alerts/alert-transitions";
import { getAlertDetail, loadAlertPage } from "@/lib/alerts/get-alert-detail";
import { describeSnoozeEvent, SnoozeEventSchema } from "@/lib/alerts/snooze-events";
import { describeAnnotation } from "@/lib/annotations/annotation-words";
import { pageUser } from "@/lib/auth/page-user";
import { can, whoCan } from "@/lib/auth/roles";
import { explainAlertSegments } from "@/lib/dashboard/alert-segments";
import { db } from "@/lib/db";
import {
  describeReference,
  describeThreshold,
  formatMeasured,
  RECOMMENDED_ACTIONS,
} from "@/lib/drift/finding-words";
import { formatUtc, formatUtcDay } from "@/lib/format-utc";
import { estimateAgeWeeks, explainEstimate } from "@/lib/nowcast/explain-estimate";
import { loadNowcastBacktests } from "@/lib/nowcast/load-nowcasts";
import { backtestAt } from "@/lib/nowcast/nowcast-backtests";
import { ALERT_EVENT_LABELS, AlertVerdictSchema, FINDING_LABELS, VERDICT_LABELS } from "@/lib/vocabulary";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const alert = await getAlertDetail(db(), (await params).id);
  return { title: alert ? alert.title : "Alert not found" };
}

const when = (date: Date) => formatUtc(date, { zone: true });

/** Which comparison fired: the version's fixed reference period (lasting) or its recent weeks (sudden). */
function comparedWith(details: unknown): string {
  const comparison = (details as { comparison?: unknown } | null)?.comparison;
  return comparison === "reference"
    ? "Reference (fired vs reference)"
    : comparison === "recent"
      ? "Recent weeks (fired vs recent)"
      : "Baseline";
}

/** The verdict a verdict change replaced, in words ("none" when it was the first). */
function previousVerdict(details: unknown): string {
  const previous = AlertVerdictSchema.safeParse((details as { previous?: unknown } | null)?.previous);
  return previous.success ? VERDICT_LABELS[previous.data] : "none";
}

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/alerts/${id}`);
  const { alert, maxSnoozeHours, annotations, chart } = await loadAlertPage(db(), id);
  if (!alert) notFound();
  const week = formatUtcDay(alert.cohortWeek);
  const qValue = (alert.details as { qValue?: number | null } | null)?.qValue;
  // Alerts stored before issue 16's pinned references carry no reference: the line is left out.
  const reference = (alert.details as { reference?: Parameters<typeof describeReference>[0] } | null)
    ?.reference;
  const actions =
    (alert.details as { recommendedActions?: string[] }).recommendedActions ??
    RECOMMENDED_ACTIONS[alert.findingKind];
  const estimateAge = estimateAgeWeeks(alert.details, alert.lastSeenAt);
  const backtest =
    estimateAge === null
      ? null
      : backtestAt(
          (await loadNowcastBacktests({ db: db(), now: new Date(), types: [alert.predictionType] })).find(
            (b) => b.modelVersion === alert.modelVersion,
          ),
          estimateAge,
        );
  const estimate = explainEstimate(alert.details, backtest);
  const where = await explainAlertSegments(db(), alert);
  const snoozeEvent = SnoozeEventSchema.safeParse(alert.snoozeEvent).data;
  return (
    <>
      <p>
        <Link href="/alerts">← Alerts</Link>
      </p>
      <h1>{alert.title}</h1>
      {chart && (
        <section className="panel" aria-labelledby="picture-heading" data-testid="alert-chart">
          <h2 id="picture-heading">
            {"none" in chart ? "The picture" : `${chart.metric} per week around ${week}`}
          </h2>
          {"none" in chart ? (
            <p className="empty">{chart.none}</p>
          ) : chart.points.length === 0 ? (
            <p className="empty">
              {alert.modelVersion} has no weeks around {week} in the weekly metrics.
            </p>
          ) : (
            <>
              <p className="muted small">
                {alert.modelVersion}, weeks starting Monday: each week's value with its 95% interval; the
                baseline and the threshold the finding used; provisional weeks (labels still arriving) dashed
                and shaded; the reference weeks shaded green; this alert's week ringed.
              </p>
              <AlertMetricChart chart={chart} />
              {chart.note && <p className="muted small">{chart.note}</p>}
            </>
          )}
        </section>
      )}
      <section className="panel" aria-labelledby="finding-heading">
        <h2 id="finding-heading">Finding</h2>
        <dl className="facts">
          <dt>State</dt>
          <dd className={alert.state === "firing" ? "state-firing" : undefined}>
            {alert.state}
            {alert.state === "snoozed" && alert.snoozedUntil ? ` until ${when(alert.snoozedUntil)}` : ""}
            {alert.state === "snoozed" && snoozeEvent ? ` ${describeSnoozeEvent(snoozeEvent)}` : ""}
            {alert.acknowledgedBy && alert.acknowledgedAt
              ? ` · acknowledged by ${alert.acknowledgedBy.email} at ${when(alert.acknowledgedAt)}`
              : ""}
            {alert.resolvedAt
              ? ` · resolved ${alert.autoResolved ? "automatically" : `by ${alert.resolvedBy?.email ?? "someone"}`} at ${when(alert.resolvedAt)}`
              : ""}
            {alert.held
              ? ` · held, not notified until the labels are healthy again: ${(alert.details as { heldReason?: string | null }).heldReason ?? "the type's label pipeline is unhealthy"}`
              : ""}
          </dd>
          <dt>Verdict</dt>
          <dd>{alert.verdict ? VERDICT_LABELS[alert.verdict] : "none yet"}</dd>
          <dt>Severity</dt>
          <dd>
            <span className={`sev sev-${alert.severity}`}>{alert.severity}</span>
          </dd>
          <dt>Model</dt>
          <dd>
            {alert.predictionType} {alert.modelVersion}
          </dd>
          <dt>Finding</dt>
          <dd>{FINDING_LABELS[alert.findingKind]}</dd>
          <dt>
            {alert.findingKind === "estimated_accuracy_degradation" ? "Current (estimated)" : "Current"}
          </dt>
          <dd>{formatMeasured(alert.findingKind, alert.currentValue, alert.currentN)}</dd>
          <dt>{comparedWith(alert.details)}</dt>
          <dd>{formatMeasured(alert.findingKind, alert.baselineValue, alert.baselineN)}</dd>
          {reference !== undefined && (
            <>
              <dt>Reference period</dt>
              <dd>{describeReference(reference)}</dd>
            </>
          )}
          <dt>Threshold</dt>
          <dd>{describeThreshold(alert.findingKind, alert.threshold, qValue, alert.pValue)}</dd>
          <dt>Cohort week</dt>
          <dd>
            <Link
              href={`/drift/${alert.predictionType}?version=${encodeURIComponent(alert.modelVersion)}&week=${week}`}
            >
              {week} on the drift chart
            </Link>
          </dd>
          {where ? (
            <>
              <dt>Where</dt>
              <dd data-testid="alert-where">
                {where}{" "}
                <Link
                  href={`/drift/${alert.predictionType}?version=${encodeURIComponent(alert.modelVersion)}&week=${week}#where`}
                >
                  Segments of the drop
                </Link>
              </dd>
            </>
          ) : null}
          {annotations.length > 0 && (
            <>
              <dt>Annotated</dt>
              <dd>
                <ul className="annotations" aria-label="Annotations of the cohort week">
                  {annotations.map((a) => (
                    <li key={a.id}>
                      {describeAnnotation(a)}
                      {a.author ? <span className="muted small"> — {a.author}</span> : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          <dt>Seen</dt>
          <dd>
            first {when(alert.firstSeenAt)}, last {when(alert.lastSeenAt)},{" "}
            {alert.occurrences === 1 ? "once" : `${alert.occurrences.toLocaleString("en-US")} times`}
          </dd>
        </dl>
        {estimate && (
          <>
            <h3>How it is estimated</h3>
            <p className="muted small">
              An early warning: the accuracy these weeks will have once their labels mature, estimated from
              the labels already decided and how fast outcomes arrived in the reference weeks (README,
              "Nowcast"). The mature finding confirms or clears it.
            </p>
            <dl className="facts" aria-label="How it is estimated">
              {estimate.flatMap(({ term, text }) => [
                <dt key={`t-${term}`}>{term}</dt>,
                <dd key={`d-${term}`}>{text}</dd>,
              ])}
            </dl>
          </>
        )}
        <h3>Recommended actions</h3>
        <ol>
          {actions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ol>
      </section>
      <AlertActions
        alertId={alert.id}
        state={alert.state}
        verdict={alert.verdict}
        canAct={can(user.role, "alerts:act")}
        actReason={`${whoCan("alerts:act")} You are signed in as ${user.role}.`}
        snoozeChoices={snoozeChoicesUpTo(maxSnoozeHours)}
      />
      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="timeline">
          {alert.events.map((event) => (
            <li key={event.id.toString()}>
              <div>
                <strong>{ALERT_EVENT_LABELS[event.kind]}</strong>
                {event.fromState && event.toState && event.fromState !== event.toState
                  ? ` (${event.fromState} → ${event.toState})`
                  : ""}{" "}
                by {event.actorLabel}
                {event.verdict ? ` · verdict: ${VERDICT_LABELS[event.verdict]}` : ""}
                {event.kind === "verdict_changed" ? ` (was ${previousVerdict(event.details)})` : ""}
              </div>
              {event.note && <div>{event.note}</div>}
              <div className="when">
                <time dateTime={event.createdAt.toISOString()}>{when(event.createdAt)}</time>
              </div>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
