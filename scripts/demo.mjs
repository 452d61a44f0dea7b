// npm run demo — see README.md. Installs dependencies if needed, then hands over to demo-main.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureInstalled, runTs } from "./lib/ensure-installed.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
ensureInstalled(root);
runTs(root, "scripts/demo-main.ts", process.argv.slice(2));
