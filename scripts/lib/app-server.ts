// Building and running the Next.js server for `npm run demo` and `npm test`.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import net from "node:net";
import path from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "inngest",
  "proxy.ts",
  "next.config.ts",
  "package-lock.json",
  "tsconfig.json",
];
const SKIP = new Set(["generated", "node_modules", ".next"]);

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (!SKIP.has(entry)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Runs `next build` unless .next holds a build newer than every source file. */
export async function ensureBuild(root: string): Promise<void> {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((source) => newestMtime(path.join(root, source))));
  if (built > sources) return;
  console.log("Building the app (next build, about 30 s)…");
  await run(path.join(root, "node_modules", ".bin", "next"), ["build"], root, {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
  });
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: "inherit" });
    child.once("error", reject);
    child.once("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${path.basename(command)} ${args.join(" ")} exited with ${code ?? signal}`)),
    );
  });
}

/** True when nothing listens on the port (checked on all interfaces, as the app server binds them). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

// A 64 MiB young generation (V8's default is 16): a 10,000-row ingestion batch allocates tens of
// MB that live for the whole request, and with the default they are promoted and collected as old
// objects. Measured: 250 → 155 ms CPU per batch for parsing and validation alone, 290 → 240 ms for
// the whole app server in bench:ingest. `npm start` sets the same (package.json).
const SERVER_NODE_OPTIONS = "--max-semi-space-size=64";

export type AppServer = { url: string; child: ChildProcess; stop: () => Promise<void>; ready: Promise<void> };

/**
 * Starts the built app (scripts/server.mjs, what `npm start` runs) in its own process group, so
 * stopping it also stops its workers. `workers` is WEB_CONCURRENCY: 1 (the default here) for the
 * demo on PGlite, whose connections share one session, and for the tests; benchmarks use a worker
 * per core as production does. The handle is returned at once so a Ctrl-C during start-up can
 * still stop it; `ready` resolves when /api/health answers 200.
 */
export function spawnApp(
  root: string,
  port: number,
  env: NodeJS.ProcessEnv,
  quiet = false,
  workers = 1,
): AppServer {
  const child = spawn(process.execPath, [path.join(root, "scripts", "server.mjs"), "-p", String(port)], {
    cwd: root,
    env: {
      ...env,
      WEB_CONCURRENCY: String(workers),
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: `${SERVER_NODE_OPTIONS} ${env.NODE_OPTIONS ?? ""}`.trim(),
    },
    stdio: quiet ? ["ignore", "ignore", "inherit"] : "inherit",
    detached: true,
  });
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
  const url = `http://localhost:${port}`;
  return { url, child, stop, ready: waitUntilHealthy(url, child, stop) };
}

async function waitUntilHealthy(url: string, child: ChildProcess, stop: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 90_000;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the app server exited (${child.exitCode ?? child.signalCode}) before it was healthy`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop();
  throw new Error(`The app did not become healthy within 90 s (last answer: ${last})`);
}
