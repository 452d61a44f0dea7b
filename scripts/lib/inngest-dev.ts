// Finding and running the Inngest dev server (the real engine) for `npm test` and `npm run demo`.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { chmodSync, createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { findFreePort } from "../../lib/embedded/start-embedded-postgres";

/** Where the dev server binary built from source sits, beside the repository (see TOOLCHAIN.md). */
const SHARED_BINARY = path.join("shared", "tools", "inngest-dev", "inngest.gz");

export type InngestCli = { path: string; source: string; version: string; cleanUp: () => void };
export type NoInngestCli = { missing: string };

/** `inngest version` of a binary, or null when it is absent or cannot run on this machine. */
function versionOf(binary: string, args: string[] = ["version"]): string | null {
  if (!existsSync(binary)) return null;
  const result = spawnSync(binary, args, { encoding: "utf8", timeout: 20_000 });
  return result.status === 0 ? result.stdout.trim().split("\n").pop()!.trim() : null;
}

/**
 * The first `shared/tools/inngest-dev/inngest.gz` in the repository's parent folders: CI clones
 * the repository next to shared/, and a git worktree sits a level deeper.
 */
export function findSharedBinary(root: string): string | null {
  for (let dir = path.resolve(root, ".."); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, SHARED_BINARY);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * The dev server binary: INNGEST_CLI (a path), else the shared build unpacked into a temporary
 * folder, else (with `npm: true`) the one the optional `inngest-cli` package installed.
 */
export async function findInngestCli(
  root: string,
  options: { npm?: boolean } = {},
): Promise<InngestCli | NoInngestCli> {
  const explicit = process.env.INNGEST_CLI;
  if (explicit) {
    const version = versionOf(explicit);
    return version
      ? { path: explicit, source: "INNGEST_CLI", version, cleanUp: () => {} }
      : { missing: `INNGEST_CLI=${explicit} is missing or cannot run here` };
  }
  const shared = findSharedBinary(root);
  if (shared) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "driftwatch-inngest-"));
    const binary = path.join(dir, "inngest");
    const cleanUp = () => rmSync(dir, { recursive: true, force: true });
    try {
      await pipeline(createReadStream(shared), createGunzip(), createWriteStream(binary));
      chmodSync(binary, 0o755);
    } catch (error) {
      cleanUp();
      return { missing: `${shared} could not be unpacked (${(error as Error).message})` };
    }
    const version = versionOf(binary);
    if (version) return { path: binary, source: path.relative(root, shared), version, cleanUp };
    cleanUp();
    return { missing: `${shared} cannot run on this machine` };
  }
  if (options.npm) {
    const npmBinary = path.join(root, "node_modules", ".bin", "inngest-cli");
    const version = versionOf(npmBinary);
    if (version)
      return { path: npmBinary, source: "the inngest-cli npm package", version, cleanUp: () => {} };
  }
  return {
    missing: `INNGEST_CLI is unset and no ${SHARED_BINARY} was found beside the repository${options.npm ? " (nor the inngest-cli npm package)" : ""}`,
  };
}

export type InngestDevServer = {
  url: string;
  child: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
};

/**
 * Starts `inngest dev` on free loopback ports, syncing `appUrl` (the app's /api/inngest), in its
 * own process group. State is in memory: every start is clean. `retryIntervalSeconds` replaces
 * the real retry backoff (tens of seconds) with a linear one, for tests.
 */
export async function startInngestDev(
  cli: string,
  appUrl: string,
  options: { retryIntervalSeconds?: number; echo?: boolean } = {},
): Promise<InngestDevServer> {
  // A taken port is silently replaced by another (and then only the log says which), so pick
  // four free ones: the API and the three "connect" listeners.
  const [api, gateway, gatewayGrpc, executorGrpc] = [
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
    await findFreePort(),
  ];
  const args = [
    "dev",
    "-u",
    appUrl,
    "--no-discovery",
    "--host",
    "127.0.0.1",
    "--port",
    String(api),
    "--connect-gateway-port",
    String(gateway),
    "--connect-gateway-grpc-port",
    String(gatewayGrpc),
    "--connect-executor-grpc-port",
    String(executorGrpc),
    ...(options.retryIntervalSeconds ? ["--retry-interval", String(options.retryIntervalSeconds)] : []),
  ];
  const child = spawn(cli, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
    if (options.echo) process.stderr.write(chunk);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const url = `http://127.0.0.1:${api}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`inngest dev exited (${child.exitCode ?? child.signalCode}) at start:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`inngest dev did not answer ${url}/health within 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, child, log: () => output, stop };
}

export type EngineApp = {
  name: string;
  connected: boolean;
  functionCount: number;
  error: string | null;
  functions: { slug: string; name: string; triggers: { type: string; value: string }[] }[];
};

/** One GraphQL query to the dev server's API (the calls are listed in its README). */
export async function engineQuery<T>(url: string, query: string, variables: object = {}): Promise<T> {
  const response = await fetch(`${url}/v0/gql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length)
    throw new Error(`inngest GraphQL: ${body.errors.map((e) => e.message).join("; ")}`);
  return body.data as T;
}

/** The apps the engine holds, with their functions and triggers. */
export async function engineApps(url: string): Promise<EngineApp[]> {
  const data = await engineQuery<{ apps: EngineApp[] }>(
    url,
    "{ apps { name connected functionCount error functions { slug name triggers { type value } } } }",
  );
  return data.apps;
}

/** Waits until the engine has synced the app with at least `functions` functions. */
export async function waitForSync(url: string, functions: number, timeoutMs = 60_000): Promise<EngineApp> {
  const deadline = Date.now() + timeoutMs;
  let last = "no app yet";
  for (;;) {
    try {
      const app = (await engineApps(url)).find((candidate) => candidate.functionCount >= functions);
      if (app?.connected) return app;
      last = JSON.stringify(await engineApps(url));
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(`the Inngest dev server did not sync ${functions} functions (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
