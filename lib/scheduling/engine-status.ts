import type { NotificationEnv } from "../env";

export type EngineStatus =
  | { kind: "none" }
  | { kind: "dev"; url: string; connected: boolean; functions: number; detail: string }
  | { kind: "cloud" | "self-hosted"; url: string };

type Apps = {
  data?: { apps: { name: string; connected: boolean; functionCount: number; error: string | null }[] };
};

/**
 * Which Inngest server runs the schedules. In dev mode the dev server is asked (its API lists the
 * apps it synced); Inngest Cloud and self-hosted servers are named, not probed (their API needs a
 * key this app does not hold).
 */
export async function engineStatus(
  env: Pick<NotificationEnv, "INNGEST_DEV" | "INNGEST_EVENT_KEY" | "INNGEST_BASE_URL">,
  appId: string,
  timeoutMs = 1_500,
): Promise<EngineStatus> {
  if (!env.INNGEST_DEV) {
    if (!env.INNGEST_EVENT_KEY) return { kind: "none" };
    return env.INNGEST_BASE_URL
      ? { kind: "self-hosted", url: env.INNGEST_BASE_URL }
      : { kind: "cloud", url: "https://app.inngest.com" };
  }
  const url = (env.INNGEST_BASE_URL ?? "http://127.0.0.1:8288").replace(/\/+$/, "");
  try {
    const response = await fetch(`${url}/v0/gql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ apps { name connected functionCount error } }" }),
      signal: AbortSignal.timeout(timeoutMs),
      cache: "no-store",
    });
    const app = ((await response.json()) as Apps).data?.apps.find((candidate) => candidate.name === appId);
    if (!app)
      return {
        kind: "dev",
        url,
        connected: false,
        functions: 0,
        detail: "answers, but has not synced this app yet",
      };
    return {
      kind: "dev",
      url,
      connected: app.connected,
      functions: app.functionCount,
      detail: app.connected ? `${app.functionCount} functions synced` : (app.error ?? "not connected"),
    };
  } catch (error) {
    return {
      kind: "dev",
      url,
      connected: false,
      functions: 0,
      detail: `does not answer (${(error as Error).message})`,
    };
  }
}
