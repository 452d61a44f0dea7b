/** An instant as "2026-11-20 10:00" in UTC: how every page and message in Driftwatch writes a time (callers add " UTC" where the view does not say it once). */
export const formatUtc = (date: Date) => date.toISOString().replace("T", " ").slice(0, 16);
