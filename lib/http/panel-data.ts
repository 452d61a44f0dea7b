/** A panel's data, or the sentence it shows instead when its query failed. */
export type PanelData<T> = { ok: true; data: T } | { ok: false; error: string };

/**
 * Runs one panel's query so that its failure stays in that panel: the page around it and the
 * other panels still render (one stored row that breaks an aggregate must not take a page down).
 * The error is logged with the panel's name; the reader gets a sentence without details.
 */
export async function panelData<T>(panel: string, load: () => Promise<T>): Promise<PanelData<T>> {
  try {
    return { ok: true, data: await load() };
  } catch (error) {
    console.error(`The ${panel} panel failed:`, error);
    return {
      ok: false,
      error: `The ${panel} could not be computed just now; the rest of the page is unaffected. If this persists, the server log names the cause.`,
    };
  }
}
