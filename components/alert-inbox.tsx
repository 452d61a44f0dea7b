"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { AlertList } from "@/lib/alerts/list-alerts";
import { formatCappedCount } from "@/lib/format-number";
import { fetchJson } from "@/lib/http/fetch-json";
import { ALERT_STATE_LABELS, ALERT_STATES, type AlertState } from "@/lib/vocabulary";
import { AlertRow } from "./alert-row";

// "Open" is every state but resolved: where the overview's "N open alerts" links lead.
const TABS: readonly {
  state: AlertState | "open" | undefined;
  label: string;
  counts: readonly AlertState[];
}[] = [
  { state: undefined, label: "All", counts: ALERT_STATES },
  { state: "open", label: "Open", counts: ALERT_STATES.filter((state) => state !== "resolved") },
  ...ALERT_STATES.map((state) => ({ state, label: ALERT_STATE_LABELS[state], counts: [state] })),
];

const withParams = (params: Record<string, string | undefined>) => {
  const search = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => Boolean(e[1])),
  );
  return search.size > 0 ? `/alerts?${search}` : "/alerts";
};

/**
 * The on-call inbox: filters live in the URL (server-rendered first page), the list refreshes every
 * 15 s, the tab title carries the firing count, and several alerts can be acknowledged at once.
 */
export function AlertInbox({
  initial,
  renderedAt,
  params,
  canAct,
  actReason,
}: {
  initial: AlertList;
  renderedAt: number;
  params: Record<string, string>;
  canAct: boolean;
  actReason: string;
}) {
  const queryClient = useQueryClient();
  const apiUrl = `/api/alerts?${new URLSearchParams(params)}`;
  const queryKey = ["alerts", params];
  const { data, isError, error, refetch, isFetching, dataUpdatedAt } = useQuery({
    queryKey,
    queryFn: () => fetchJson<AlertList>(apiUrl),
    initialData: initial,
    initialDataUpdatedAt: renderedAt,
    refetchInterval: 15_000,
  });
  // Coming back to the inbox, the server's fresh render wins over an older cached page. Only a new
  // server render re-runs this: the key and client are stable for one render's params.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the server render, see above
  useEffect(() => {
    if ((queryClient.getQueryState(queryKey)?.dataUpdatedAt ?? 0) < renderedAt)
      queryClient.setQueryData(queryKey, initial, { updatedAt: renderedAt });
  }, [initial, renderedAt]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  // The firing count over all alerts (the tabs count under the current filters).
  const firing = useQuery({
    queryKey: ["alerts", "firing-count"],
    queryFn: () => fetchJson<AlertList>("/api/alerts?state=firing&limit=1"),
    refetchInterval: 15_000,
  });
  const firingCount = firing.data?.counts.firing;
  // Re-set on every fetch too: another page may have changed the title in between.
  // biome-ignore lint/correctness/useExhaustiveDependencies: dataUpdatedAt is the refetch signal
  useEffect(() => {
    if (firingCount === undefined) return;
    document.title =
      firingCount > 0
        ? `(${formatCappedCount(firingCount)} firing) Alerts · Driftwatch`
        : "Alerts · Driftwatch";
  }, [firingCount, firing.dataUpdatedAt]);

  const open = data.items.filter((a) => a.state === "firing" || a.state === "snoozed");
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function acknowledgeSelected(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const result = await fetchJson<{
        acknowledged: number;
        results: { id: string; ok: boolean; message?: string }[];
      }>("/api/alerts/acknowledge", {
        method: "POST",
        body: JSON.stringify({ ids: [...selected], note: note || undefined }),
      });
      const refused = result.results.filter((r) => !r.ok);
      setMessage({
        ok: refused.length === 0,
        text: `Acknowledged ${result.acknowledged} alert(s).${refused.map((r) => ` ${r.message}`).join("")}`,
      });
      setSelected(new Set());
      setNote("");
      await queryClient.invalidateQueries({ queryKey: ["alerts"] });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  const now = dataUpdatedAt || Date.now();
  return (
    <>
      <nav aria-label="Alert states">
        <ul className="tabs">
          {TABS.map((tab) => (
            <li key={tab.label}>
              <Link
                href={withParams({ ...params, state: tab.state, cursor: undefined })}
                aria-current={params.state === tab.state ? "page" : undefined}
              >
                {tab.label} (
                {formatCappedCount(tab.counts.reduce((sum, state) => sum + data.counts[state], 0))})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {isError && (
        <div className="form-error" role="alert">
          Could not refresh the alerts: {error.message}{" "}
          <button type="button" className="button button-small" onClick={() => void refetch()}>
            Retry
          </button>
        </div>
      )}
      <form
        className="panel bulk-ack"
        onSubmit={acknowledgeSelected}
        aria-label="Acknowledge selected alerts"
      >
        <div className="filters">
          <div className="field" style={{ flex: 1 }}>
            <label htmlFor="bulk-note">Note for the selected alerts (optional)</label>
            <input
              id="bulk-note"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={2000}
              disabled={!canAct}
            />
          </div>
          <button
            type="submit"
            className="button"
            disabled={!canAct || busy || selected.size === 0}
            aria-describedby={canAct ? undefined : "act-reason"}
          >
            {busy ? "Acknowledging…" : `Acknowledge selected (${selected.size})`}
          </button>
        </div>
        {!canAct && (
          <p id="act-reason" className="muted">
            {actReason}
          </p>
        )}
        {message && (
          <p role="status" className={message.ok ? "notice" : "form-error"}>
            {message.text}
          </p>
        )}
      </form>
      <section className="panel" aria-labelledby="alerts-heading" aria-busy={isFetching}>
        <h2 id="alerts-heading" tabIndex={-1}>
          Alerts
        </h2>
        {data.items.length === 0 ? (
          <p className="empty">
            {Object.keys(params).length > 0
              ? "No alert matches these filters."
              : "No alerts. Drift analysis runs after each labeling run and stores what it finds here."}
          </p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select every open alert on this page"
                    disabled={!canAct || open.length === 0}
                    checked={open.length > 0 && open.every((a) => selected.has(a.id))}
                    onChange={(e) =>
                      setSelected(e.target.checked ? new Set(open.map((a) => a.id)) : new Set())
                    }
                  />
                </th>
                <th scope="col">Severity</th>
                <th scope="col">State</th>
                <th scope="col">Alert</th>
                <th scope="col" className="wide-only">
                  Finding
                </th>
                <th scope="col" className="num wide-only">
                  Current (n)
                </th>
                <th scope="col" className="num wide-only">
                  Baseline (n)
                </th>
                <th scope="col">Age</th>
                <th scope="col" className="wide-only">
                  Acknowledged by
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((alert) => (
                <AlertRow
                  key={alert.id}
                  alert={alert}
                  now={now}
                  canAct={canAct}
                  selected={selected.has(alert.id)}
                  onToggle={() => toggle(alert.id)}
                />
              ))}
            </tbody>
          </table>
        )}
        <div className="button-row" style={{ marginTop: "0.75rem" }}>
          {params.cursor && (
            <Link
              className="button button-secondary button-small"
              href={withParams({ ...params, cursor: undefined })}
            >
              First page
            </Link>
          )}
          {data.nextCursor && (
            <Link
              className="button button-secondary button-small"
              href={withParams({ ...params, cursor: data.nextCursor })}
            >
              Next page
            </Link>
          )}
        </div>
      </section>
    </>
  );
}
