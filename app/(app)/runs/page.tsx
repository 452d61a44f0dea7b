import type { Metadata } from "next";
import { IgnoredFilters } from "@/components/ignored-filters";
import { RunFilters } from "@/components/run-filters";
import { RunNowButtons } from "@/components/run-now-buttons";
import { RunsTable } from "@/components/runs-table";
import { SchedulePanel } from "@/components/schedule-panel";
import { inngest } from "@/inngest/client";
import { pageUser } from "@/lib/auth/page-user";
import { can, whoCan } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { parseFilters } from "@/lib/http/search-params";
import { listRuns } from "@/lib/runs/list-runs";
import { RunsQuery } from "@/lib/runs/runs-query";
import { engineStatus } from "@/lib/scheduling/engine-status";
import { loadSchedules } from "@/lib/scheduling/load-schedules";
import { runNow } from "./actions";

export const metadata: Metadata = { title: "Runs" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function RunsPage({ searchParams }: Props) {
  const user = await pageUser("/runs");
  const { query, ignored } = parseFilters(RunsQuery, await searchParams);
  const [runs, { timezone, schedules }, engine] = await Promise.all([
    listRuns(db(), query),
    loadSchedules(db(), new Date()),
    engineStatus(env(), inngest.id),
  ]);
  const filtered = Boolean(query.window || query.type || query.status);
  return (
    <>
      <h1>Feedback-loop runs</h1>
      <p className="muted">Times are in UTC. One row per prediction type and run.</p>
      <SchedulePanel schedules={schedules} timezone={timezone} engine={engine} />
      <section className="panel" aria-labelledby="run-now-heading">
        <h2 id="run-now-heading">Run now</h2>
        <p className="muted">
          Labels every ready prediction of the window&apos;s types, then analyses drift for the types whose
          labels changed.
        </p>
        <RunNowButtons
          disabledReason={
            can(user.role, "admin:manage")
              ? null
              : `${whoCan("admin:manage")} You are signed in as ${user.role}.`
          }
          runNow={runNow}
        />
      </section>
      <section className="panel" aria-labelledby="runs-heading">
        <h2 id="runs-heading">Recent runs</h2>
        <RunFilters query={query} />
        <IgnoredFilters ignored={ignored} />
        {runs.length === 0 ? (
          <p className="empty">
            {filtered
              ? "No run matches these filters."
              : "No labeling runs yet. The schedules, `npm run loop` and Run now record one per type and run."}
          </p>
        ) : (
          <RunsTable runs={runs} />
        )}
      </section>
    </>
  );
}
