// Number formats shared by the cards, charts and tables, so one metric reads the same everywhere.

/** 0.7691 → "76.9%"; null → "—". */
export const formatPercent = (value: number | null, digits = 1) =>
  value === null ? "—" : `${(value * 100).toFixed(digits)}%`;

/** 0.04321 → "0.043"; null → "—". */
export const formatDecimal = (value: number | null, digits = 3) =>
  value === null ? "—" : value.toFixed(digits);

/** A Wilson interval as "74.1–79.5%". */
export const formatInterval = (low: number | null, high: number | null) =>
  low === null || high === null ? "—" : `${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%`;

/** 1234 → "1,234". */
export const formatCount = (value: number) => value.toLocaleString("en-US");

/** "2026-11-02" → "Nov 2" (the chart axis); the table and CSV keep the ISO date. */
export function formatWeekShort(week: string): string {
  const date = new Date(`${week}T00:00:00Z`);
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}
