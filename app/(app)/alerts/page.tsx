import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { pageUser } from "@/lib/auth/page-user";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Alerts" };
export const dynamic = "force-dynamic";

const format = (value: number | null) => (value === null ? "—" : value.toFixed(3));

export default async function AlertsPage() {
  const user = await pageUser("/alerts");
  const alerts = await listAlerts(db());
  return (
    <>
      <h1>Alerts</h1>
      <p className="muted">Times are in UTC. Current and baseline are the finding&apos;s metric (accuracy, ECE, positive rate or bad-label share).</p>
      <ComingSoon issue={6}>
        <p>
          Filters, the full timeline of each alert and the actions.{" "}
          {can(user.role, "alerts:act")
            ? "You will be able to acknowledge, resolve, snooze and comment."
            : "Your role (viewer) can read alerts; acknowledging needs the oncall or admin role."}
        </p>
      </ComingSoon>
      <section className="panel" aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">Stored alerts</h2>
        {alerts.length === 0 ? (
          <p className="empty">No alerts. Drift analysis runs after each labeling run and stores what it finds here.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">State</th>
                <th scope="col">Alert</th>
                <th scope="col">Cohort week</th>
                <th scope="col" className="num">Current (n)</th>
                <th scope="col" className="num">Baseline (n)</th>
                <th scope="col">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((alert) => (
                <tr key={alert.id}>
                  <td>{alert.severity}</td>
                  <td>
                    {alert.state}
                    {alert.held ? " (held)" : ""}
                    {alert.acknowledgedBy ? ` by ${alert.acknowledgedBy.email}` : ""}
                  </td>
                  <td>{alert.title}</td>
                  <td>{alert.cohortWeek.toISOString().slice(0, 10)}</td>
                  <td className="num">
                    {format(alert.currentValue)} ({alert.currentN ?? "—"})
                  </td>
                  <td className="num">
                    {format(alert.baselineValue)} ({alert.baselineN ?? "—"})
                  </td>
                  <td>{alert.lastSeenAt.toISOString().replace("T", " ").slice(0, 16)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
