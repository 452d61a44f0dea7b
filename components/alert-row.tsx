import Link from "next/link";
import type { AlertList } from "@/lib/alerts/list-alerts";
import { describeSnoozeEvent, SnoozeEventSchema } from "@/lib/alerts/snooze-events";
import { formatMeasured } from "@/lib/drift/finding-words";
import { formatUtc } from "@/lib/format-utc";
import { FINDING_LABELS } from "@/lib/vocabulary";

/** How long ago an alert was first seen: minutes, then hours up to two days, then days. */
function age(iso: string, now: number) {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

/**
 * One alert of the inbox: its checkbox (only open alerts can be selected, only by those who may
 * act), severity, state (held and snoozed say why and until when), title, finding, measured values
 * and age; the narrow layout hides the `wide-only` cells.
 */
export function AlertRow({
  alert,
  now,
  canAct,
  selected,
  onToggle,
}: {
  alert: AlertList["items"][number];
  now: number;
  canAct: boolean;
  selected: boolean;
  onToggle: () => void;
}) {
  return (
    <tr>
      <td>
        <input
          type="checkbox"
          aria-label={`Select ${alert.title}`}
          checked={selected}
          onChange={onToggle}
          disabled={!canAct || !(alert.state === "firing" || alert.state === "snoozed")}
        />
      </td>
      <td>
        <span className={`sev sev-${alert.severity}`}>{alert.severity}</span>
      </td>
      <td className={alert.state === "firing" ? "state-firing" : undefined}>
        {alert.state}
        {alert.held ? " (held)" : ""}
        {alert.state === "snoozed" && alert.snoozedUntil ? ` until ${formatUtc(alert.snoozedUntil)}` : ""}
        {alert.state === "snoozed" && SnoozeEventSchema.safeParse(alert.snoozeEvent).success
          ? ` ${describeSnoozeEvent(SnoozeEventSchema.parse(alert.snoozeEvent))}`
          : ""}
        {alert.held ? (
          <div className="muted">
            Not notified: {alert.heldReason ?? "the type's label pipeline is unhealthy"}
          </div>
        ) : null}
      </td>
      <td>
        <Link href={`/alerts/${alert.id}`}>{alert.title}</Link>
        <div className="muted">
          {alert.predictionType} · {alert.modelVersion} · week {alert.cohortWeek}
        </div>
      </td>
      <td className="wide-only">{FINDING_LABELS[alert.findingKind]}</td>
      <td className="num wide-only">
        {formatMeasured(alert.findingKind, alert.currentValue, alert.currentN)}
      </td>
      <td className="num wide-only">
        {formatMeasured(alert.findingKind, alert.baselineValue, alert.baselineN)}
      </td>
      <td title={`first seen ${alert.firstSeenAt}`}>{age(alert.firstSeenAt, now)}</td>
      <td className="wide-only">{alert.acknowledgedBy ?? ""}</td>
    </tr>
  );
}
