"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { DriftViewQuery } from "@/lib/dashboard/drift-query";
import { metricsCsv } from "@/lib/dashboard/metrics-csv";
import { driftViewQueryOptions } from "./use-drift-view";

/** Downloads the table as CSV, fetched fresh from /api/drift/[type]/metrics (the charts' own route). */
export function CsvExportButton({
  params,
}: {
  params: Pick<DriftViewQuery, "type" | "version" | "compare" | "from" | "to">;
}) {
  const client = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function download() {
    setBusy(true);
    setError(null);
    try {
      const view = await client.fetchQuery({ ...driftViewQueryOptions(params), staleTime: 0 });
      const blob = new Blob([metricsCsv(view.type, view.rows)], { type: "text/csv;charset=utf-8" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `driftwatch-${view.type}-${[view.version, view.compare].filter(Boolean).join("-vs-")}-weekly.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (caught) {
      setError((caught as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <span>
      <button
        type="button"
        className="button button-secondary button-small"
        onClick={() => void download()}
        disabled={busy}
      >
        {busy ? "Preparing CSV…" : "Download CSV"}
      </button>
      {error && (
        <span role="alert" className="form-error inline">
          CSV export failed: {error}
        </span>
      )}
    </span>
  );
}
