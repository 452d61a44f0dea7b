import type { Metadata } from "next";
import Link from "next/link";
import { AlertQualityChart } from "@/components/alert-quality-chart";
import { AlertQualityTable } from "@/components/alert-quality-table";
import { IgnoredFilters } from "@/components/ignored-filters";
import { PeriodAnnotationsTable } from "@/components/period-annotations-table";
import { alertQualityQuerySchema } from "@/lib/alert-quality/alert-quality-query";
import { loadAlertQuality } from "@/lib/alert-quality/load-alert-quality";
import { pageUser } from "@/lib/auth/page-user";
import { db } from "@/lib/db";
import { formatCount, formatPercent } from "@/lib/format-number";
import { parseFilters } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Alert quality" };
export const dynamic = "force-dynamic";

/**
 * Issue 21: how good the alerts were over a period (in the address): the people's verdicts turned
 * into precision per finding kind and type, how fast they were handled, what was sent, and the
 * thresholds in force, beside the annotations of the period. Every signed-in role reads it.
 */
export default async function AlertQualityPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await pageUser("/alert-quality");
  const { query, ignored } = parseFilters(alertQualityQuerySchema(new Date()), await searchParams);
  const quality = await loadAlertQuality(db(), query);
  const { total } = quality;
  return (
    <>
      <h1>Alert quality</h1>
      <p className="muted">
        Alerts raised from {query.from} to {query.to} (UTC days, both included), judged by the verdicts given
        when they were acknowledged, resolved or later. Precision = real drift ÷ alerts with a verdict. Times
        run from when the alert was raised to its first acknowledgement, and to its resolution (by a person or
        automatically).
      </p>
      <IgnoredFilters ignored={ignored} />
      <form className="panel filters" method="get" action="/alert-quality" aria-label="Period">
        <div className="field field-inline">
          <label htmlFor="quality-from">From</label>
          <input id="quality-from" name="from" type="date" defaultValue={query.from} required />
        </div>
        <div className="field field-inline">
          <label htmlFor="quality-to">To</label>
          <input id="quality-to" name="to" type="date" defaultValue={query.to} required />
        </div>
        <button type="submit" className="button">
          Show period
        </button>
      </form>
      <p data-testid="quality-summary">
        {formatCount(total.raised)} {total.raised === 1 ? "alert" : "alerts"} raised ·{" "}
        {formatCount(total.withVerdict)} with a verdict (
        {formatPercent(total.raised === 0 ? null : total.withVerdict / total.raised, 0)}) · precision{" "}
        {formatPercent(total.precision, 0)}
      </p>
      {total.raised === 0 ? (
        <section className="panel" aria-labelledby="quality-empty">
          <h2 id="quality-empty">No alerts in this period</h2>
          <p className="muted">
            No alert was raised from {query.from} to {query.to}, so there is nothing to judge. Choose a longer
            period, or see the <Link href="/alerts">alert inbox</Link>.
          </p>
        </section>
      ) : (
        <>
          <section className="panel" aria-labelledby="quality-chart-heading">
            <h2 id="quality-chart-heading">Per week</h2>
            <AlertQualityChart weeks={quality.weeks} markers={quality.annotationMarkers} />
          </section>
          <AlertQualityTable quality={quality} />
        </>
      )}
      <PeriodAnnotationsTable annotations={quality.annotations} from={query.from} to={query.to} />
    </>
  );
}
