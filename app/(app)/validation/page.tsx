import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { FailurePatternsPanel } from "@/components/failure-patterns-panel";
import { IgnoredFilters } from "@/components/ignored-filters";
import { PanelSkeleton } from "@/components/panel-skeleton";
import { ValidationFilterForm } from "@/components/validation-filter-form";
import { ValidationOutcomeList } from "@/components/validation-outcome-list";
import { pageUser } from "@/lib/auth/page-user";
import { ExplorerFilters, explorerQuery } from "@/lib/causal-validation/explorer-filters";
import { listFailurePatterns } from "@/lib/causal-validation/list-failure-patterns";
import { listValidationOutcomes } from "@/lib/causal-validation/list-validation-outcomes";
import { db } from "@/lib/db";
import { panelData } from "@/lib/http/panel-data";
import { parseFilters } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Validation" };
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

/** The raw query string, as the browser sent it (to tell a canonical link from a form's blank fields). */
function rawQuery(params: SearchParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    for (const item of [value ?? []].flat()) query.append(key, item);
  const text = query.toString();
  return text ? `?${text}` : "";
}

export default async function ValidationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const { query: filters, ignored } = parseFilters(ExplorerFilters, params);
  const canonical = explorerQuery(filters);
  await pageUser(`/validation${canonical}`);
  // The GET form sends its blank fields too: drop them so the link is clean. A bad value stays in
  // the address while the page says it ignored it.
  if (ignored.length === 0 && rawQuery(params) !== canonical) redirect(`/validation${canonical}`);
  return (
    <>
      <h1>Validation</h1>
      <p className="muted">
        Causal estimates whose refutation tests failed, to learn from before repeating them. Times are in UTC;
        the failure list is newest first.
      </p>
      <IgnoredFilters ignored={ignored} />
      <ValidationFilterForm filters={filters} />
      <Suspense key={`patterns${canonical}`} fallback={<PanelSkeleton title="Failure patterns" />}>
        <FailurePatternsPanel
          filters={filters}
          patterns={panelData("failure patterns", () => listFailurePatterns(db(), filters))}
        />
      </Suspense>
      <Suspense key={`list${canonical}`} fallback={<PanelSkeleton title="Failures" />}>
        <ValidationOutcomeList
          filters={filters}
          outcomes={panelData("outcome list", () => listValidationOutcomes(db(), filters))}
        />
      </Suspense>
    </>
  );
}
