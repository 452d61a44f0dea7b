import type { Metadata } from "next";
import { Suspense } from "react";
import { DriftDashboard } from "@/components/drift-dashboard";
import { InputsOutputsPanel } from "@/components/inputs-outputs-panel";
import { PanelError } from "@/components/panel-error";
import { PanelSkeleton } from "@/components/panel-skeleton";
import { WherePanel } from "@/components/where-panel";
import { listAnnotations } from "@/lib/annotations/annotations";
import { pageUser } from "@/lib/auth/page-user";
import { can, whoCan } from "@/lib/auth/roles";
import { defaultReliabilityWeek } from "@/lib/dashboard/default-reliability-week";
import { DriftViewQuery } from "@/lib/dashboard/drift-query";
import { type DriftView, loadDriftView } from "@/lib/dashboard/load-drift-view";
import { InputsOutputsQuery, loadInputsOutputs } from "@/lib/dashboard/load-inputs-outputs";
import { loadReliabilityBins } from "@/lib/dashboard/load-reliability-bins";
import { loadSegments, type SegmentsQuery } from "@/lib/dashboard/load-segments";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { panelData } from "@/lib/http/panel-data";
import { parseFilters } from "@/lib/http/search-params";
import type { SegmentFilter } from "@/lib/segments/segment-view";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ type: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Drift · ${(await params).type}` };
}

/** The "Where" panel streams on its own; a failure stays in the panel. */
async function WhereSection({
  query,
  search,
  selected,
}: {
  query: SegmentsQuery;
  search: Record<string, string>;
  selected: SegmentFilter;
}) {
  const panel = await panelData("segments panel", () => loadSegments(db(), query));
  if (!panel.ok)
    return (
      <PanelError title="Where: segments of the change" headingId="where-heading" message={panel.error} />
    );
  return <WherePanel panel={panel.data} search={search} selected={selected} />;
}

export default async function DriftTypePage({ params, searchParams }: Props) {
  const { type } = await params;
  const user = await pageUser(`/drift/${encodeURIComponent(type)}`);
  // An unknown type never gets here: layout.tsx answers 404 first.
  const heading = <h1>Drift: {type}</h1>;
  const search = await searchParams;
  const { query: asked, ignored } = parseFilters(DriftViewQuery, search, { type });
  let query = asked;
  // A version, brand, region or action type the type does not have is a bad value like any other:
  // ignored, and said so (each field at most once, so this ends).
  const refusable = ["version", "compare", "brand", "region", "actionType"];
  let view: DriftView | null = null;
  while (!view) {
    try {
      view = await loadDriftView(db(), query, new Date());
    } catch (error) {
      const field = error instanceof DomainError ? error.field : undefined;
      if (!field || !refusable.includes(field) || query[field as keyof DriftViewQuery] === undefined)
        throw error;
      ignored.push({ field, message: (error as DomainError).message });
      query = { ...query, [field]: undefined };
    }
  }
  const week = query.week ?? defaultReliabilityWeek(view.rows, view.version);
  const reliability =
    week && view.version
      ? await loadReliabilityBins(db(), {
          type: query.type,
          version: view.version,
          week,
          brand: query.brand,
          region: query.region,
          actionType: query.actionType,
        })
      : null;
  // Input and output drift (issue 19) of the version drawn: its own filters, the same rule.
  const io = view.version ? parseFilters(InputsOutputsQuery, search, { type, version: view.version }) : null;
  const inputs = io ? await loadInputsOutputs(db(), io.query, new Date()) : null;
  const annotations = await listAnnotations(db(), { type: query.type });
  const links = Object.fromEntries(
    Object.entries(search).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])),
  );
  return (
    <>
      {heading}
      <DriftDashboard
        initialQuery={query}
        initialView={view}
        initialReliability={reliability}
        ignored={[...ignored, ...(io?.ignored ?? [])]}
        initialAnnotations={annotations}
        annotating={{
          canWrite: can(user.role, "annotations:write"),
          writeReason: `${whoCan("annotations:write")} You are signed in as ${user.role}.`,
          me: { id: user.id, admin: can(user.role, "admin:manage") },
        }}
      />
      {view.version ? (
        <Suspense fallback={<PanelSkeleton title="Where: segments of the change" />}>
          <WhereSection
            query={{ type: query.type, version: view.version, week: query.week }}
            search={links}
            selected={{ brand: query.brand, region: query.region, actionType: query.actionType }}
          />
        </Suspense>
      ) : null}
      {inputs ? <InputsOutputsPanel view={inputs} search={links} /> : null}
    </>
  );
}
