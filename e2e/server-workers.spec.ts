import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";

// `npm start` (scripts/server.mjs): a worker per core behind one port; a worker that dies is
// replaced; SIGTERM stops them all. Runs its own copy of the built app on a free port.
const root = path.resolve(import.meta.dirname, "..");

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
const childrenOf = (pid: number) =>
  readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
const healthy = async (url: string) => {
  try {
    return (await fetch(`${url}/api/health`)).ok;
  } catch {
    return false;
  }
};

test("two workers share the port, a killed worker is replaced, SIGTERM stops them all", async () => {
  test.setTimeout(90_000);
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const primary = spawn(process.execPath, [path.join(root, "scripts", "server.mjs"), "-p", String(port)], {
    cwd: root,
    env: { ...process.env, WEB_CONCURRENCY: "2", NODE_ENV: "production", NEXTAUTH_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  primary.stdout!.on("data", (chunk) => (output += chunk));
  primary.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => primary.once("exit", (code) => resolve(code)));
  try {
    await expect.poll(() => healthy(url), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => childrenOf(primary.pid!).length, { timeout: 30_000 }).toBe(2);
    // Worker 1 says so once it listens; worker 2 may have answered the health check first.
    await expect
      .poll(() => output, { timeout: 30_000 })
      .toContain(`Driftwatch on http://localhost:${port} (2 workers)`);

    // A worker that has been up for a while and dies is replaced (one that dies in its first 10 s stops the server instead).
    await new Promise((resolve) => setTimeout(resolve, 10_500));
    const [victim, survivor] = childrenOf(primary.pid!);
    process.kill(victim, "SIGKILL");
    await expect
      .poll(() => childrenOf(primary.pid!).filter((pid) => pid !== victim && pid !== survivor).length, {
        timeout: 30_000,
      })
      .toBe(1);
    // The primary's log line reaches this process through a pipe, possibly after the new worker shows in /proc.
    await expect
      .poll(() => output, { timeout: 5_000 })
      .toMatch(new RegExp(`worker ${victim} exited \\(SIGKILL\\)`));
    await expect.poll(() => healthy(url), { timeout: 60_000 }).toBe(true);

    const workers = childrenOf(primary.pid!);
    primary.kill("SIGTERM");
    expect(await exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    expect(await healthy(url)).toBe(false);
  } finally {
    if (primary.exitCode === null) primary.kill("SIGKILL");
  }
});
