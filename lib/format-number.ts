// How every surface writes a number (pages, charts, tables, Slack, email, PagerDuty), so one value
// reads the same everywhere. A missing value is an em dash. CSV files keep the raw numbers.

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

/** Counts stop at COUNT_CAP + 1 ("1,000+"): years of resolved alerts must not make every page count them all. */
export const COUNT_CAP = 1000;

/** A count that may have stopped at COUNT_CAP + 1: 1001 → "1,000+". */
export const formatCappedCount = (n: number) =>
  n > COUNT_CAP ? `${formatCount(COUNT_CAP)}+` : formatCount(n);

/** A number for display with at most `digits` decimals, or an em dash when there is none. */
export const formatNumber = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined
    ? "—"
    : value.toLocaleString("en-US", { maximumFractionDigits: digits });

/** A signed percentage such as "−75.0 %", or an em dash. */
export const formatDeltaPercent = (value: number | null | undefined) =>
  value === null || value === undefined
    ? "—"
    : `${value > 0 ? "+" : value < 0 ? "−" : ""}${Math.abs(value).toFixed(1)} %`;

/** "2026-11-02" → "Nov 2" (the chart axis); the table and CSV keep the ISO date. */
export function formatWeekShort(week: string): string {
  const date = new Date(`${week}T00:00:00Z`);
  return date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
}

/** A duration in hours as "3.5 h", or "2.3 d" from two days on; null → "—". */
export const formatHours = (hours: number | null) =>
  hours === null ? "—" : hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} d`;
