/**
 * Group commit for fire-after-response work: `add(item)` queues the item and returns a promise of
 * the flush that will include it. A flush starts at once when none is running; items that arrive
 * while one runs wait for it and then go together in the next. One caller alone is served
 * immediately (or after `gatherMs`, which collects a little more first); under load, many callers
 * share one flush (one query for fifty alerts instead of fifty). A failing flush rejects the
 * promises of its own items only.
 */
export function groupCalls<T>(
  flush: (items: T[]) => Promise<void>,
  options: { gatherMs?: number } = {},
): (item: T) => Promise<void> {
  const gather = options.gatherMs
    ? () => new Promise<void>((resolve) => setTimeout(resolve, options.gatherMs))
    : () => undefined;
  let queued: T[] = [];
  let next: Promise<void> | null = null;
  let running: Promise<void> = Promise.resolve();
  return (item) => {
    queued.push(item);
    if (!next) {
      const batch = running.then(gather).then(() => {
        const items = queued;
        queued = [];
        next = null;
        return flush(items);
      });
      // The following batch waits for this one whether it succeeds or fails.
      running = batch.catch(() => {});
      next = batch;
    }
    return next;
  };
}
