import type { Metadata } from "next";
import Link from "next/link";
import { AlertInbox } from "@/components/alert-inbox";
import { FoldOnNarrow } from "@/components/fold-on-narrow";
import { IgnoredFilters } from "@/components/ignored-filters";
import { AlertListQuerySchema } from "@/lib/alerts/alert-list-query";
import { listAlerts } from "@/lib/alerts/list-alerts";
import { pageUser } from "@/lib/auth/page-user";
import { can, whoCan } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { formatCappedCount } from "@/lib/format-number";
import { parseFilters } from "@/lib/http/search-params";
import { PREDICTION_TYPES, SEVERITIES_BY_URGENCY } from "@/lib/vocabulary";

export const dynamic = "force-dynamic";

// The firing count is in the tab title from the first paint; the inbox keeps it current.
export async function generateMetadata(): Promise<Metadata> {
  const firing = (await listAlerts(db(), AlertListQuerySchema.parse({ state: "firing", limit: "1" }))).counts
    .firing;
  return { title: firing > 0 ? `(${formatCappedCount(firing)} firing) Alerts` : "Alerts" };
}

export default async function AlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await pageUser("/alerts");
  const { query, ignored, values: params } = parseFilters(AlertListQuerySchema, await searchParams);
  let initial: Awaited<ReturnType<typeof listAlerts>>;
  try {
    initial = await listAlerts(db(), query);
  } catch (error) {
    // A cursor this API never returned is a bad value like any other: ignored, and said so.
    if (!(error instanceof DomainError) || error.field !== "cursor") throw error;
    ignored.push({ field: "cursor", message: error.message });
    delete params.cursor;
    initial = await listAlerts(db(), { ...query, cursor: undefined });
  }
  const canAct = can(user.role, "alerts:act");
  return (
    <>
      <h1>Alerts</h1>
      {/* The filters take a dozen Tab presses; on call, the list is what matters. */}
      <a href="#alerts-heading" className="skip-link">
        Skip to the alert list
      </a>
      <p className="muted">
        Times are in UTC. Firing first, then snoozed, acknowledged and resolved; most severe first. Refreshes
        every 15 seconds.
        {canAct ? (
          <>
            {" "}
            <Link href="#audit">Audit export</Link>.
          </>
        ) : null}
      </p>
      <IgnoredFilters ignored={ignored} />
      <FoldOnNarrow summary={`Filters${Object.values(params).some(Boolean) ? " (applied)" : ""}`}>
        <form className="panel filters" method="get" action="/alerts" aria-label="Filter alerts">
          {params.state && <input type="hidden" name="state" value={params.state} />}
          <div className="field">
            <label htmlFor="f-severity">Severity</label>
            <select id="f-severity" name="severity" defaultValue={params.severity ?? ""}>
              <option value="">Any</option>
              {SEVERITIES_BY_URGENCY.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-type">Prediction type</label>
            <select id="f-type" name="type" defaultValue={params.type ?? ""}>
              <option value="">Any</option>
              {PREDICTION_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="f-from">First seen from</label>
            <input id="f-from" name="from" type="date" defaultValue={params.from ?? ""} />
          </div>
          <div className="field">
            <label htmlFor="f-to">to</label>
            <input id="f-to" name="to" type="date" defaultValue={params.to ?? ""} />
          </div>
          <button type="submit" className="button button-secondary">
            Apply filters
          </button>
          <Link href="/alerts" className="button button-secondary">
            Clear
          </Link>
        </form>
      </FoldOnNarrow>
      <AlertInbox
        initial={initial}
        renderedAt={Date.now()}
        params={params}
        canAct={canAct}
        actReason={`${whoCan("alerts:act")} You are signed in as ${user.role}.`}
      />
      {canAct && (
        <form
          id="audit"
          className="panel filters"
          method="get"
          action="/api/alerts/audit"
          aria-label="Audit export"
        >
          <h2 style={{ width: "100%", margin: 0 }}>Audit export</h2>
          <p className="muted" style={{ width: "100%", margin: 0 }}>
            Every timeline entry (who, what, when, note) in a date range, as CSV.
          </p>
          <div className="field">
            <label htmlFor="audit-from">From</label>
            <input id="audit-from" name="from" type="date" required />
          </div>
          <div className="field">
            <label htmlFor="audit-to">To</label>
            <input id="audit-to" name="to" type="date" required />
          </div>
          <button type="submit" className="button button-secondary">
            Download CSV
          </button>
        </form>
      )}
    </>
  );
}
