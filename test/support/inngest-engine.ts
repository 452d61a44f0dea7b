import { engineQuery } from "../../scripts/lib/inngest-dev";

/**
 * Reading the Inngest dev server's own record of what ran (the calls its README lists as
 * verified): events in, runs per event, one run's status, output and trace, cron invocations.
 */
export type EventRun = {
  run_id: string;
  function_id: string;
  status: string;
  run_started_at: string;
  ended_at: string | null;
};

export async function sendEvent(url: string, name: string, data: object): Promise<string> {
  const response = await fetch(`${url}/e/test`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, data }),
  });
  const body = (await response.json()) as { ids: string[] };
  return body.ids[0];
}

/** The runs an event started. `?t=` defeats the 15 s cache the server keeps per URL. */
export async function runsOfEvent(url: string, eventId: string): Promise<EventRun[]> {
  const response = await fetch(`${url}/v1/events/${eventId}/runs?t=${Date.now()}${Math.random()}`);
  return ((await response.json()) as { data: EventRun[] | null }).data ?? [];
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = ` (last error: ${(error as Error).message})`;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError}`);
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

/**
 * Waits until the event's `count` runs have ended. A run waiting for a step's retry reads
 * `Failed` without `ended_at`, so only `ended_at` says it is over.
 */
export function waitForEventRuns(url: string, eventId: string, count = 1, timeoutMs = 120_000) {
  return waitFor(
    `${count} finished run(s) of event ${eventId}`,
    async () => {
      const runs = await runsOfEvent(url, eventId);
      return runs.length >= count && runs.every((run) => run.ended_at) ? runs : undefined;
    },
    timeoutMs,
  );
}

export type RunDetail = {
  status: string;
  output: string | null;
  trace: {
    childrenSpans: { name: string; status: string; childrenSpans: { name: string; status: string }[] }[];
  };
};

export async function runDetail(url: string, runId: string): Promise<RunDetail> {
  const data = await engineQuery<{ run: RunDetail }>(
    url,
    "query($id: String!){ run(runID: $id){ status output trace { childrenSpans { name status childrenSpans { name status } } } } }",
    { id: runId },
  );
  return data.run;
}

/**
 * A function's return value. SDK 4 checkpoints by default, so the stored output is the opcode
 * list of the last request: the value is the `RunComplete` entry's data.
 */
export function runResult<T>(detail: RunDetail): T {
  const output = JSON.parse(detail.output ?? "null");
  if (Array.isArray(output)) return output.find((op: { op: string }) => op.op === "RunComplete")?.data as T;
  return output as T;
}

/** The function's return value, once the server has stored it (a moment after the run ends). */
export function runOutput<T>(url: string, runId: string): Promise<T> {
  return waitFor(`the output of run ${runId}`, async () => runResult<T>(await runDetail(url, runId)), 30_000);
}

export type EngineRun = {
  id: string;
  status: string;
  eventName: string | null;
  cronSchedule: string | null;
  function: { slug: string };
};

/** Runs queued since `from`, newest first. */
export async function engineRuns(url: string, from: Date): Promise<EngineRun[]> {
  const data = await engineQuery<{ runs: { edges: { node: EngineRun }[] } }>(
    url,
    `query($from: Time!){ runs(first: 200, orderBy: [{field: QUEUED_AT, direction: DESC}], filter: {from: $from}) {
      edges { node { id status eventName cronSchedule function { slug } } } } }`,
    { from: from.toISOString() },
  );
  return data.runs.edges.map((edge) => edge.node);
}

/** Runs a function now, as its cron would (the dev server's invokeFunction). */
export async function invokeFunction(url: string, slug: string): Promise<void> {
  const data = await engineQuery<{ invokeFunction: boolean }>(
    url,
    `mutation($slug: String!){ invokeFunction(functionSlug: $slug, data: {}) }`,
    { slug },
  );
  if (!data.invokeFunction) throw new Error(`invokeFunction(${slug}) refused`);
}
