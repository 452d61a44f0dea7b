import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertActions } from "@/components/alert-actions";
import { RECOMMENDED_ACTIONS } from "@/lib/alerts/alert-content";
import { snoozeChoicesUpTo } from "@/lib/alerts/alert-transitions";
import { formatMetric, formatSignificance, formatThreshold } from "@/lib/alerts/format-metric";
import { getAlertDetail } from "@/lib/alerts/get-alert-detail";
import { pageUser } from "@/lib/auth/page-user";
import { can, whoCan } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { formatUtc } from "@/lib/format-utc";
import { FINDING_LABELS } from "@/lib/vocabulary";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const alert = await getAlertDetail(db(), (await params).id);
  return { title: alert ? alert.title : "Alert not found" };
}

const when = (date: Date) => `${formatUtc(date)} UTC`;

const EVENT_LABEL: Record<string, string> = {
  created: "Created",
  redetected: "Re-detected",
  escalated: "Escalated",
  acknowledged: "Acknowledged",
  snoozed: "Snoozed",
  unsnoozed: "Snooze ended",
  resolved: "Resolved",
  auto_resolved: "Auto-resolved",
  commented: "Comment",
  notification: "Notification",
};

export default async function AlertPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await pageUser(`/alerts/${id}`);
  const alert = await getAlertDetail(db(), id);
  if (!alert) notFound();
  const week = alert.cohortWeek.toISOString().slice(0, 10);
  const significance = formatSignificance(alert.details, alert.pValue);
  const settings = await db().driftSettings.findUniqueOrThrow({
    where: { id: 1 },
    select: { maxSnoozeHours: true },
  });
  const actions =
    (alert.details as { recommendedActions?: string[] }).recommendedActions ??
    RECOMMENDED_ACTIONS[alert.findingKind];
  return (
    <>
      <p>
        <Link href="/alerts">← Alerts</Link>
      </p>
      <h1>{alert.title}</h1>
      <section className="panel" aria-labelledby="finding-heading">
        <h2 id="finding-heading">Finding</h2>
        <dl className="facts">
          <dt>State</dt>
          <dd className={alert.state === "firing" ? "state-firing" : undefined}>
            {alert.state}
            {alert.state === "snoozed" && alert.snoozedUntil ? ` until ${when(alert.snoozedUntil)}` : ""}
            {alert.acknowledgedBy && alert.acknowledgedAt
              ? ` · acknowledged by ${alert.acknowledgedBy.email} at ${when(alert.acknowledgedAt)}`
              : ""}
            {alert.resolvedAt
              ? ` · resolved ${alert.autoResolved ? "automatically" : `by ${alert.resolvedBy?.email ?? "someone"}`} at ${when(alert.resolvedAt)}`
              : ""}
            {alert.held ? " · held: the type's label pipeline is unhealthy" : ""}
          </dd>
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
          <dt>Current</dt>
          <dd>
            {formatMetric(alert.findingKind, alert.currentValue)} (n ={" "}
            {alert.currentN?.toLocaleString("en-US") ?? "—"})
          </dd>
          <dt>Baseline</dt>
          <dd>
            {formatMetric(alert.findingKind, alert.baselineValue)} (n ={" "}
            {alert.baselineN?.toLocaleString("en-US") ?? "—"})
          </dd>
          <dt>Threshold</dt>
          <dd>
            {formatThreshold(alert.findingKind, alert.threshold)}
            {significance ? ` · ${significance}` : ""}
          </dd>
          <dt>Cohort week</dt>
          <dd>
            <Link
              href={`/drift/${alert.predictionType}?version=${encodeURIComponent(alert.modelVersion)}&week=${week}`}
            >
              {week} on the drift chart
            </Link>
          </dd>
          <dt>Seen</dt>
          <dd>
            first {when(alert.firstSeenAt)}, last {when(alert.lastSeenAt)},{" "}
            {alert.occurrences === 1 ? "once" : `${alert.occurrences.toLocaleString("en-US")} times`}
          </dd>
        </dl>
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
        canAct={can(user.role, "alerts:act")}
        actReason={`${whoCan("alerts:act")} You are signed in as ${user.role}.`}
        snoozeChoices={snoozeChoicesUpTo(settings.maxSnoozeHours)}
      />
      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <ol className="timeline">
          {alert.events.map((event) => (
            <li key={event.id.toString()}>
              <div>
                <strong>{EVENT_LABEL[event.kind] ?? event.kind}</strong>
                {event.fromState && event.toState && event.fromState !== event.toState
                  ? ` (${event.fromState} → ${event.toState})`
                  : ""}{" "}
                by {event.actorLabel}
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
