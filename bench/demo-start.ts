// `npm run demo` from a warm install to a healthy /api/health: first start (empty data folder:
// migrate + load demo data) and restart (data kept). Prints numbers; asserts nothing.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const PORT = Number(process.env.BENCH_PORT ?? 3470);

async function startOnce(dataDir: string): Promise<number> {
  const started = performance.now();
  const child = spawn("npm", ["run", "demo"], {
    env: { ...process.env, PORT: String(PORT), DRIFTWATCH_DATA_DIR: dataDir, DATABASE_URL: "" },
    stdio: process.env.BENCH_VERBOSE ? "inherit" : "ignore",
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm run demo exited with ${child.exitCode}`);
      const ok = await fetch(`http://localhost:${PORT}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return (performance.now() - started) / 1000;
      if (performance.now() - started > 300_000) throw new Error("not healthy within 300 s");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    try {
      process.kill(-child.pid!, "SIGINT");
    } catch {}
    // npm exits at once; the demo is stopped when nothing answers on the port any more.
    while (
      await fetch(`http://localhost:${PORT}/api/health`).then(
        () => true,
        () => false,
      )
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function main() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "driftwatch-bench-"));
  try {
    console.log(`first start (migrate + load demo data): ${(await startOnce(dataDir)).toFixed(1)} s`);
    for (let i = 1; i <= 3; i++)
      console.log(`restart ${i} (data kept):                ${(await startOnce(dataDir)).toFixed(1)} s`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
