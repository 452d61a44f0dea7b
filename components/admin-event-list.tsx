import type { AdminEventRow } from "@/lib/admin/admin-events";
import { formatUtc } from "@/lib/format-utc";

const KIND_LABELS: Record<AdminEventRow["kind"], string> = {
  user_created: "Person added",
  user_role_changed: "Role changed",
  user_disabled: "Person disabled",
  user_enabled: "Person enabled",
  user_password_reset: "Password reset",
  rule_changed: "Labeling rule changed",
  thresholds_changed: "Thresholds changed",
  api_key_created: "API key created",
  api_key_revoked: "API key revoked",
  predictions_removed: "Model version's predictions removed",
  reference_pinned: "Reference period pinned",
  reference_cleared: "Reference period back to default",
};

const shown = (value: unknown) =>
  value === null || value === undefined
    ? "—"
    : typeof value === "object"
      ? JSON.stringify(value)
      : String(value);

/** The latest administrative changes: who, when, what, and each changed value before → after. */
export function AdminEventList({ events }: { events: AdminEventRow[] }) {
  if (events.length === 0) return <p className="empty">No administrative changes yet.</p>;
  return (
    <table className="data">
      <thead>
        <tr>
          <th scope="col">When (UTC)</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          <th scope="col">Subject</th>
          <th scope="col">Before → after</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>{formatUtc(event.createdAt)}</td>
            <td>{event.actor}</td>
            <td>{KIND_LABELS[event.kind]}</td>
            <td>{event.subject}</td>
            <td>
              {Object.entries(event.changes).map(([field, [before, after]]) => (
                <div key={field}>
                  <code>{field}</code>: {shown(before)} → {shown(after)}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
