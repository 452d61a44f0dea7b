// Installs dependencies when node_modules is missing or older than the lockfile. Plain JavaScript
// because it runs before anything (tsx, TypeScript) is installed.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";

export function ensureInstalled(root) {
  const marker = path.join(root, "node_modules", ".package-lock.json");
  const lock = path.join(root, "package-lock.json");
  const fresh =
    existsSync(marker) &&
    existsSync(path.join(root, "node_modules", ".bin", "tsx")) &&
    (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  console.log("Installing dependencies (npm ci, about a minute the first time)…");
  const result = spawnSync("npm", [existsSync(lock) ? "ci" : "install", "--no-audit", "--no-fund"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    console.error("Dependency installation failed; see the npm output above.");
    process.exit(result.status ?? 1);
  }
}

/** Runs a TypeScript entry point with the project's tsx, forwarding the exit code; Ctrl-C reaches it directly. */
export function runTs(root, entry, args = []) {
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});
  const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), [entry, ...args], {
    cwd: root,
    stdio: "inherit",
  });
  process.exit(result.status ?? (result.signal ? 1 : 0));
}
