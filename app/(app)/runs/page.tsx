import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";
import { RunNowButtons } from "@/components/run-now-buttons";
import { pageUser } from "@/lib/auth/page-user";
import { can, whoCan } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { listRecentRuns } from "@/lib/runs/list-recent-runs";

export const metadata: Metadata = { title: "Runs" };
export const dynamic = "force-dynamic";

export default async function RunsPage() {
  const user = await pageUser("/runs");
  const runs = await listRecentRuns(db());
  return (
    <>
      <h1>Feedback-loop runs</h1>
      <p className="muted">Times are in UTC.</p>
      <section className="panel" aria-labelledby="run-now-heading">
        <h2 id="run-now-heading">Run now</h2>
        <p className="muted">Labels every ready prediction of the window&apos;s types, then analyses drift for the types whose labels changed.</p>
        <RunNowButtons disabledReason={can(user.role, "admin:manage") ? null : `${whoCan("admin:manage")} You are signed in as ${user.role}.`} />
      </section>
      <ComingSoon issue={5}>
        <p>Filters by window, type and status, and durations.</p>
      </ComingSoon>
      <section className="panel" aria-labelledby="runs-heading">
        <h2 id="runs-heading">Recent runs</h2>
        {runs.length === 0 ? (
          <p className="empty">No labeling runs yet. The feedback-loop engine (issue #3) records one per type and run.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Window</th>
                <th scope="col">Type</th>
                <th scope="col">Status</th>
                <th scope="col">Started by</th>
                <th scope="col" className="num">Evaluated</th>
                <th scope="col" className="num">Labeled</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>{run.startedAt.toISOString().replace("T", " ").slice(0, 16)}</td>
                  <td>{run.scheduleWindow}</td>
                  <td>{run.predictionType}</td>
                  <td>{run.status}</td>
                  <td>{run.triggeredBy}</td>
                  <td className="num">{run.evaluated}</td>
                  <td className="num">{run.labeled}</td>
                  <td>{run.errorText ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
