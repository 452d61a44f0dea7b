import type { Metadata } from "next";
import { DriftDashboard } from "@/components/drift-dashboard";
import { InputsOutputsPanel } from "@/components/inputs-outputs-panel";
import { pageUser } from "@/lib/auth/page-user";
import { defaultReliabilityWeek } from "@/lib/dashboard/default-reliability-week";
import { DriftViewQuery } from "@/lib/dashboard/drift-query";
import { type DriftView, loadDriftView } from "@/lib/dashboard/load-drift-view";
import { InputsOutputsQuery, loadInputsOutputs } from "@/lib/dashboard/load-inputs-outputs";
import { loadReliabilityBins } from "@/lib/dashboard/load-reliability-bins";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { parseFilters } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ type: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Drift · ${(await params).type}` };
}

export default async function DriftTypePage({ params, searchParams }: Props) {
  const { type } = await params;
  await pageUser(`/drift/${encodeURIComponent(type)}`);
  // An unknown type never gets here: layout.tsx answers 404 first.
  const heading = <h1>Drift: {type}</h1>;
  const search = await searchParams;
  const { query: asked, ignored } = parseFilters(DriftViewQuery, search, { type });
  let query = asked;
  let view: DriftView;
  try {
    view = await loadDriftView(db(), query, new Date());
  } catch (error) {
    // A version the type does not have is a bad value like any other: ignored, and said so.
    const field = error instanceof DomainError ? error.field : undefined;
    if (field !== "version" && field !== "compare") throw error;
    ignored.push({ field, message: (error as DomainError).message });
    query = { ...query, [field]: undefined };
    view = await loadDriftView(db(), query, new Date());
  }
  const week = query.week ?? defaultReliabilityWeek(view.rows, view.version);
  const reliability =
    week && view.version
      ? await loadReliabilityBins(db(), { type: query.type, version: view.version, week })
      : null;
  // Input and output drift (issue 19) of the version drawn: its own filters, the same rule.
  const io = view.version ? parseFilters(InputsOutputsQuery, search, { type, version: view.version }) : null;
  const inputs = io ? await loadInputsOutputs(db(), io.query, new Date()) : null;
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
      />
      {inputs ? <InputsOutputsPanel view={inputs} search={links} /> : null}
    </>
  );
}
