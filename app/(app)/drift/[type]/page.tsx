import type { Metadata } from "next";
import Link from "next/link";
import { DriftDashboard } from "@/components/drift-dashboard";
import { pageUser } from "@/lib/auth/page-user";
import { defaultReliabilityWeek } from "@/lib/dashboard/default-reliability-week";
import { DriftViewQuery } from "@/lib/dashboard/drift-query";
import { loadDriftView } from "@/lib/dashboard/load-drift-view";
import { loadReliabilityBins } from "@/lib/dashboard/load-reliability-bins";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { searchParamsObject } from "@/lib/http/search-params";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ type: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Drift · ${(await params).type}` };
}

function InvalidLink({ type, message }: { type: string; message: string }) {
  return (
    <div className="panel" role="alert">
      <p>This link cannot be shown: {message}.</p>
      <Link href={`/drift/${type}`}>Show {type} with the default choices</Link>
    </div>
  );
}

export default async function DriftTypePage({ params, searchParams }: Props) {
  const { type } = await params;
  await pageUser(`/drift/${encodeURIComponent(type)}`);
  // An unknown type never gets here: layout.tsx answers 404 first.
  const heading = <h1>Drift: {type}</h1>;
  const parsed = DriftViewQuery.safeParse({ ...searchParamsObject(await searchParams), type });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return (
      <>
        {heading}
        <InvalidLink type={type} message={`${issue.path.join(".")} ${issue.message}`} />
      </>
    );
  }
  const query = parsed.data;
  try {
    const view = await loadDriftView(db(), query);
    const week = query.week ?? defaultReliabilityWeek(view.rows, view.version);
    const reliability =
      week && view.version
        ? await loadReliabilityBins(db(), { type: query.type, version: view.version, week })
        : null;
    return (
      <>
        {heading}
        <DriftDashboard initialQuery={query} initialView={view} initialReliability={reliability} />
      </>
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === "INVALID")
      return (
        <>
          {heading}
          <InvalidLink type={type} message={error.message} />
        </>
      );
    throw error;
  }
}
