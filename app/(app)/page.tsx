import Link from "next/link";
import { Suspense } from "react";
import { DriftTypeCard } from "@/components/drift-type-card";
import { pageUser } from "@/lib/auth/page-user";
import { loadOverview } from "@/lib/dashboard/load-overview";
import { db } from "@/lib/db";
import { formatUtc } from "@/lib/format-utc";
import { failedSchedules } from "@/lib/scheduling/load-schedules";

export const dynamic = "force-dynamic";

async function TypeCards() {
  const { timezone, cards } = await loadOverview(db());
  return (
    <>
      <p className="muted">
        Cohort weeks start on Monday in the organisation time zone, <strong>{timezone}</strong>. Each card
        shows the latest mature week of the type&apos;s main model version (every prediction past its
        observation window and data lag, and labeled by a run since); hollow trend points are provisional
        weeks.
      </p>
      <div className="grid-cards">
        {cards.map((card) => (
          <DriftTypeCard key={card.type} card={card} />
        ))}
      </div>
    </>
  );
}

/** A failed scheduled run is easy to miss on the Runs page's long list: say so here, with a way there. */
async function FailedSchedules() {
  const failed = await failedSchedules(db());
  if (failed.length === 0) return null;
  return (
    <p className="form-error" role="alert">
      The last scheduled{" "}
      {failed.map((run) => `${run.window}-window run (${formatUtc(run.startedAt)} UTC)`).join(" and ")}{" "}
      failed. <Link href="/runs#schedules">See the schedules on the Runs page</Link>.
    </p>
  );
}

export default async function OverviewPage() {
  await pageUser("/");
  return (
    <>
      <h1>Overview</h1>
      <Suspense fallback={null}>
        <FailedSchedules />
      </Suspense>
      <Suspense
        fallback={
          <div
            className="grid-cards"
            role="status"
            aria-busy="true"
            aria-label="Loading the prediction types"
          >
            {[0, 1, 2, 3, 4].map((i) => (
              <div key={i} className="panel skeleton skeleton-card" />
            ))}
          </div>
        }
      >
        <TypeCards />
      </Suspense>
    </>
  );
}
