import { createHash } from "node:crypto";

/**
 * Results of seeded simulations kept in this process, by a SHA-256 of everything they are computed
 * from (the caller's `key`): the early warnings' window scans (the weeks' cells, the curves, the
 * reference, the settings, the draws, the seeds' parts) and the mature calibration tests' bootstrap
 * (the pooled bins, the seed, τ², α). Each is a pure function of its key — seeded, no clock — so an
 * equal digest is an equal result, and no invalidation is needed beyond the digest itself; a code
 * change means a new process. Every analysis judges every type, but a labeling run changes one
 * type's cells and matures a week now and then: the rest is reused (the scans are 0.3–0.4 s of Node
 * at 1M predictions when simulated). Kept in the process, not the database: a result is a few
 * kilobytes and computing it again is the fallback.
 */
export function remembered<T>(key: unknown, compute: () => T): T {
  const digest = createHash("sha256").update(JSON.stringify(key)).digest("base64");
  if (kept.has(digest)) {
    const result = kept.get(digest) as T;
    // Most recently used last: the oldest is the one evicted.
    kept.delete(digest);
    kept.set(digest, result);
    counts.reused++;
    return result;
  }
  const result = compute();
  counts.computed++;
  if (kept.size >= KEPT) kept.delete(kept.keys().next().value as string);
  kept.set(digest, result);
  return result;
}

/** Results computed and reused by this process so far (tests and benches read the difference). */
export function rememberedCounts(): { computed: number; reused: number } {
  return { ...counts };
}

/** Forgets every kept result: benches measure an analysis whose every input changed. */
export function forgetRemembered() {
  kept.clear();
}

/**
 * An analysis at 1M predictions keeps 6 scans and ~20 calibration tests; room for the page's and
 * a pinned reference's, and for a few databases in one process (tests).
 */
const KEPT = 256;
const kept = new Map<string, unknown>();
const counts = { computed: 0, reused: 0 };
