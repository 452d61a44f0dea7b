// npx tsx bench/import-cycles.ts [repo dir] — the folder-level import graph of app/, components/,
// lib/<folder>/, inngest/ and scripts/: prints every cycle between folders (strongly connected
// components of more than one folder, with the imports that close them) and every door-to-door
// import (components → app, app → inngest/ other than its public face: the client, the function list
// served by the route, and dispatch.ts, the "send to Inngest or run it here" switch). Reads files as
// text; asserts nothing. A top-level lib file (lib/db.ts) counts as its own folder, lib/generated is
// Prisma's output and is left out.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const root = path.resolve(process.argv[2] ?? ".");
const ROOTS = ["app", "components", "lib", "inngest", "scripts"];
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "node_modules" || full === path.join(root, "lib", "generated")) return [];
    if (statSync(full).isDirectory()) return walk(full);
    return SOURCE.test(name) && !name.endsWith(".d.ts") ? [full] : [];
  });
}

/** The folder a repository-relative file belongs to, or null outside the measured roots. */
function folderOf(relative: string): string | null {
  const parts = relative.split("/");
  if (!ROOTS.includes(parts[0])) return null;
  if (parts[0] !== "lib") return parts[0];
  if (parts[1] === "generated") return null;
  return parts.length === 2 ? `lib/${parts[1].replace(SOURCE, "")}` : `lib/${parts[1]}`;
}

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("@/")) base = path.join(root, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null;
  const candidates = [base, ...[".ts", ".tsx", ".mts", ".mjs", ".js"].map((ext) => base + ext)];
  candidates.push(...["index.ts", "index.tsx"].map((name) => path.join(base, name)));
  const found = candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
  return found ? path.relative(root, found) : null;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

type Edge = { from: string; to: string; file: string; target: string };
const edges: Edge[] = [];
for (const file of ROOTS.flatMap((name) => walk(path.join(root, name)))) {
  const relative = path.relative(root, file);
  const from = folderOf(relative);
  if (!from) continue;
  for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
    const target = resolveImport(file, match[1]);
    const to = target ? folderOf(target) : null;
    if (target && to && to !== from) edges.push({ from, to, file: relative, target });
  }
}

const graph = new Map<string, Set<string>>();
for (const { from, to } of edges) {
  if (!graph.has(from)) graph.set(from, new Set());
  if (!graph.has(to)) graph.set(to, new Set());
  graph.get(from)?.add(to);
}

/** Tarjan's strongly connected components. */
function components(): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indices.has(node)) visit(node);
  return found;
}

const cycles = components().filter((component) => component.length > 1);
console.log(`folders: ${graph.size}, folder-to-folder imports: ${edges.length}`);
console.log(`import cycles (strongly connected components of 2+ folders): ${cycles.length}`);
for (const cycle of cycles) {
  console.log(`\n  {${cycle.join(", ")}}`);
  const members = new Set(cycle);
  for (const edge of edges.filter((e) => members.has(e.from) && members.has(e.to)))
    console.log(`    ${edge.from} → ${edge.to}: ${edge.file} imports ${edge.target}`);
}

const INNGEST_ENTRY = new Set(["inngest/client.ts", "inngest/functions.ts", "inngest/dispatch.ts"]);
const doorToDoor = edges.filter(
  (e) =>
    (e.from === "components" && e.to === "app") ||
    (e.from === "app" && e.to === "inngest" && !INNGEST_ENTRY.has(e.target)),
);
console.log(`\ndoor-to-door imports (components → app, app → inngest internals): ${doorToDoor.length}`);
for (const edge of doorToDoor) console.log(`  ${edge.file} imports ${edge.target}`);
