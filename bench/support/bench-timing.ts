// What every speed bench prints beside a number: percentiles of repeated calls, the CPU they used
// (this process and the PostgreSQL backends serving the bench database), and the load average.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import type pg from "pg";

export const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/** The machine's load average, to print beside wall times (shared hosts). */
export const loadAverage = () =>
  `load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" / ")} (1/5/15 min)`;

/** CPU seconds of each PostgreSQL backend connected to database `name` now (Linux, local server). */
async function backendCpus(client: pg.Client, name: string): Promise<Map<number, number>> {
  const { rows } = await client.query(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [name]);
  const cpus = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      cpus.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // Not on this machine, or the backend ended.
    }
  }
  return cpus;
}

/** CPU seconds of the PostgreSQL backends connected to database `name` now. */
export async function backendCpu(client: pg.Client, name: string): Promise<number> {
  return [...(await backendCpus(client, name)).values()].reduce((a, b) => a + b, 0);
}

/**
 * The backends' CPU seconds spent while `fn` runs, sampled every second so that a backend a pool
 * closes meanwhile (an idle connection) is still counted up to its last sample.
 */
export async function backendCpuDuring<T>(
  client: pg.Client,
  name: string,
  fn: () => Promise<T>,
): Promise<{ result: T; cpu: number }> {
  const start = await backendCpus(client, name);
  const last = new Map(start);
  const sample = async () => {
    for (const [pid, cpu] of await backendCpus(client, name)) last.set(pid, cpu);
  };
  let sampling = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling.then(sample, sample);
  }, 1000);
  try {
    const result = await fn();
    clearInterval(timer);
    await sampling;
    await sample();
    let cpu = 0;
    for (const [pid, value] of last) cpu += value - (start.get(pid) ?? 0);
    return { result, cpu };
  } finally {
    clearInterval(timer);
  }
}

export type Timing = { p50: number; p95: number; max: number; runs: number };

/** Wall milliseconds of `runs` calls after `warm` unmeasured ones: p50, p95 (nearest rank), max. */
export async function timed(fn: () => Promise<unknown>, runs: number, warm = 2): Promise<Timing> {
  for (let i = 0; i < warm; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(runs - 1, Math.ceil(q * runs) - 1)];
  return { p50: at(0.5), p95: at(0.95), max: times[runs - 1], runs };
}

export const showTiming = (x: Timing) =>
  `p50 ${x.p50.toFixed(0)} ms, p95 ${x.p95.toFixed(0)} ms, max ${x.max.toFixed(0)} ms (${x.runs} runs)`;

/**
 * Runs `fn` and reports its CPU per call (`calls`: the timed runs and warm-ups): this process and
 * the backends of database `name` (backends that stay connected: a pool). On a loaded machine the
 * wall clock waits for the other work; CPU does not.
 */
export async function cpuPerCall<T>(client: pg.Client, name: string, calls: number, fn: () => Promise<T>) {
  const node0 = process.cpuUsage();
  const { result, cpu: db } = await backendCpuDuring(client, name, fn);
  const node = process.cpuUsage(node0);
  const nodeMs = (node.user + node.system) / 1000 / calls;
  const dbMs = (db * 1000) / calls;
  return { result, cpu: `CPU per call: node ${nodeMs.toFixed(0)} ms + PostgreSQL ${dbMs.toFixed(0)} ms` };
}
