// npm test — see README.md. Installs dependencies if needed, then hands over to test-main.ts.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureInstalled, runTs } from "./lib/ensure-installed.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
ensureInstalled(root);
runTs(root, "scripts/test-main.ts", process.argv.slice(2));
