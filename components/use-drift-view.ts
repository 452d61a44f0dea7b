"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type DriftViewQuery, driftViewSearch } from "@/lib/dashboard/drift-query";
import type { DriftView } from "@/lib/dashboard/load-drift-view";
import type { ReliabilityDiagram } from "@/lib/dashboard/load-reliability-bins";
import { fetchJson } from "@/lib/http/fetch-json";

export const REFRESH_MS = 60_000;

type MetricsParams = Pick<
  DriftViewQuery,
  "type" | "version" | "compare" | "from" | "to" | "brand" | "region" | "actionType"
>;

/** The query key and fetcher of /api/drift/[type]/metrics, shared by the charts and the CSV export. */
export function driftViewQueryOptions(params: MetricsParams) {
  const search = driftViewSearch({
    version: params.version,
    compare: params.compare,
    from: params.from,
    to: params.to,
    brand: params.brand,
    region: params.region,
    actionType: params.actionType,
  });
  return {
    queryKey: ["drift-view", params.type, search] as const,
    queryFn: ({ signal }: { signal?: AbortSignal }) =>
      fetchJson<DriftView>(`/api/drift/${params.type}/metrics?${search}`, { signal }),
  };
}

/** Weekly metrics of the chosen versions and range, refreshed every minute; `initial` is the server's first render. */
export function useDriftView(
  params: MetricsParams,
  initial: { params: MetricsParams; view: DriftView } | null,
) {
  const options = driftViewQueryOptions(params);
  const matchesInitial =
    initial !== null &&
    driftViewQueryOptions(initial.params).queryKey.join("|") === options.queryKey.join("|");
  return useQuery({
    ...options,
    initialData: matchesInitial ? initial.view : undefined,
    refetchInterval: REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

/** The reliability bins of one (version, week), of a segment when filtered; idle until a week is chosen. */
export function useReliability(
  type: DriftViewQuery["type"],
  version: string | null,
  week: string | undefined,
  initial: ReliabilityDiagram | null,
  segment: Pick<DriftViewQuery, "brand" | "region" | "actionType"> = {},
) {
  const params = new URLSearchParams({ version: version ?? "", week: week ?? "" });
  for (const key of ["brand", "region", "actionType"] as const) {
    const value = segment[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  const matchesInitial =
    initial !== null &&
    initial.version === version &&
    initial.week === week &&
    initial.brand === segment.brand &&
    initial.region === segment.region &&
    initial.actionType === segment.actionType;
  return useQuery({
    queryKey: ["reliability", type, search],
    queryFn: ({ signal }) =>
      fetchJson<ReliabilityDiagram>(`/api/drift/${type}/reliability?${search}`, { signal }),
    enabled: Boolean(version && week),
    initialData: matchesInitial ? initial : undefined,
    refetchInterval: REFRESH_MS,
  });
}
