"use client";

import { useQuery } from "@tanstack/react-query";
import type { AnnotationView } from "@/lib/annotations/annotations";
import type { PredictionType } from "@/lib/generated/prisma/enums";
import { fetchJson } from "@/lib/http/fetch-json";
import { REFRESH_MS } from "./use-drift-view";

/** A type's annotations (GET /api/annotations), refreshed every minute; `initial` is the server's first render. */
export function useAnnotations(type: PredictionType, initial: AnnotationView[]) {
  return useQuery({
    queryKey: ["annotations", type],
    queryFn: ({ signal }) =>
      fetchJson<{ annotations: AnnotationView[] }>(`/api/annotations?type=${type}`, { signal }).then(
        (body) => body.annotations,
      ),
    initialData: initial,
    refetchInterval: REFRESH_MS,
  });
}
