import { Suspense } from "react";
import { DriftTypeCard } from "@/components/drift-type-card";
import { pageUser } from "@/lib/auth/page-user";
import { loadOverview } from "@/lib/dashboard/load-overview";
import { db } from "@/lib/db";

export const dynamic = "force-dynamic";

async function TypeCards() {
  const { timezone, cards } = await loadOverview(db());
  return (
    <>
      <p className="muted">
        Cohort weeks start on Monday in the organisation time zone, <strong>{timezone}</strong>. Each card
        shows the latest mature week of the type&apos;s main model version (every prediction past its
        observation window and data lag); hollow trend points are provisional weeks.
      </p>
      <div className="grid-cards">
        {cards.map((card) => (
          <DriftTypeCard key={card.type} card={card} />
        ))}
      </div>
    </>
  );
}

export default async function OverviewPage() {
  await pageUser("/");
  return (
    <>
      <h1>Overview</h1>
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
