import { createHash } from "node:crypto";

/**
 * The early warnings' window scans of this process, by a digest of everything a scan is computed
 * from (the caller's key: the weeks' cells, the curves, the reference, the settings, the draws, the
 * seeds' parts). A scan is a pure function of these — seeded, no clock — so an equal digest means
 * an equal result, and no invalidation is needed beyond the digest itself; a code change means a
 * new process. Every analysis judges every type, but a labeling run changes one type's cells: the
 * other types' scans (the early warning's 0.3–0.4 s of Node at 1M predictions) are reused. Kept in
 * the process, not the database: a scan's result is a few kilobytes and recomputing is the fallback.
 */
export function rememberedScan<T>(key: unknown, scan: () => T): T {
  const digest = createHash("sha256").update(JSON.stringify(key)).digest("base64");
  if (scans.has(digest)) {
    const kept = scans.get(digest) as T;
    // Most recently used last: the oldest is the one evicted.
    scans.delete(digest);
    scans.set(digest, kept);
    counts.reused++;
    return kept;
  }
  const result = scan();
  counts.computed++;
  if (scans.size >= SCANS_KEPT) scans.delete(scans.keys().next().value as string);
  scans.set(digest, result);
  return result;
}

/** Scans computed and reused by this process so far (tests and benches read the difference). */
export function scanCounts(): { computed: number; reused: number } {
  return { ...counts };
}

/** Forgets every kept scan: benches measure an analysis whose every type's inputs changed. */
export function forgetScans() {
  scans.clear();
}

/** Four binary types of a few versions each, with room for the page's and a pinned reference's. */
const SCANS_KEPT = 64;
const scans = new Map<string, unknown>();
const counts = { computed: 0, reused: 0 };
