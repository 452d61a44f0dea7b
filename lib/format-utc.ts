// How every page and message in Driftwatch writes a time: in UTC, "2026-11-20 10:00". Pages whose
// column heading says "(UTC)" write the bare time; prose says the zone ("… UTC"). Client
// components receive instants as ISO strings from JSON, so every helper takes either.

type Instant = Date | string;

const iso = (at: Instant) => (typeof at === "string" ? new Date(at) : at).toISOString();

/** "2026-11-20 10:00" (with `seconds`, "2026-11-20 10:00:05"; with `zone`, "… UTC"). */
export function formatUtc(at: Instant, options: { seconds?: boolean; zone?: boolean } = {}): string {
  const text = iso(at)
    .replace("T", " ")
    .slice(0, options.seconds ? 19 : 16);
  return options.zone ? `${text} UTC` : text;
}

/** "2026-11-20 10:00 UTC", or `missing` ("never", "an unknown time") when there is no time. */
export const formatUtcOr = (at: Instant | null | undefined, missing: string) =>
  at ? formatUtc(at, { zone: true }) : missing;

/** The UTC calendar day, "2026-11-20": cohort weeks, date filters, links. */
export const formatUtcDay = (at: Instant) => iso(at).slice(0, 10);

/** The UTC time of day, "10:00", for a time later today. */
export const formatUtcClock = (at: Instant) => iso(at).slice(11, 16);

/**
 * The same instant on the clock of an IANA time zone (the organisation's, from Settings), with
 * the zone's short name: "2026-11-20 11:00 GMT+1", "2026-11-20 05:00 EST".
 */
export function formatInZone(at: Instant, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    })
      .formatToParts(new Date(iso(at)))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}
