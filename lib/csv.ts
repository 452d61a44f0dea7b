/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading = + - @
 * is prefixed with ' so a spreadsheet never runs a note as a formula.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === "string") text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: readonly unknown[]) => fields.map(csvField).join(",") + "\r\n";
