/**
 * The schedules' cron expressions ("TZ=UTC m h dom mon dow", as Inngest takes them): when they
 * fire next and how to say them in words. Pure; only UTC schedules, which is all Driftwatch has.
 */
export type Cron = {
  text: string;
  minutes: number[];
  hours: number[];
  days: number[];
  months: number[];
  weekdays: number[];
  /** Whether day of month / day of week were restricted (cron's rule: either matches when both are). */
  anyDay: boolean;
  anyWeekday: boolean;
};

const WEEKDAYS = ["Sundays", "Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays"];

function field(text: string, min: number, max: number, name: string): number[] {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`cron ${name}: cannot read "${part}"`);
    const from = match[1] === "*" ? min : Number(match[2]);
    const to = match[1] === "*" ? max : match[3] !== undefined ? Number(match[3]) : match[4] ? max : from;
    const step = match[4] ? Number(match[4]) : 1;
    if (from < min || to > max || from > to || step < 1)
      throw new Error(`cron ${name}: "${part}" is out of range`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

/** Reads a five-field cron expression with an optional `TZ=UTC ` prefix. */
export function parseCron(text: string): Cron {
  const match = /^(?:TZ=(\S+)\s+)?(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$/.exec(text.trim());
  if (!match) throw new Error(`cron: expected five fields, got "${text}"`);
  const [, tz, minute, hour, day, month, weekday] = match;
  if (tz && tz !== "UTC" && tz !== "Etc/UTC")
    throw new Error(`cron: only UTC schedules are supported, got TZ=${tz}`);
  return {
    text,
    minutes: field(minute, 0, 59, "minute"),
    hours: field(hour, 0, 23, "hour"),
    days: field(day, 1, 31, "day of month"),
    months: field(month, 1, 12, "month"),
    // 7 is Sunday as well as 0.
    weekdays: [...new Set(field(weekday, 0, 7, "day of week").map((d) => d % 7))].sort((a, b) => a - b),
    anyDay: day === "*",
    anyWeekday: weekday === "*",
  };
}

function dayMatches(cron: Cron, date: Date): boolean {
  if (!cron.months.includes(date.getUTCMonth() + 1)) return false;
  const byDay = cron.days.includes(date.getUTCDate());
  const byWeekday = cron.weekdays.includes(date.getUTCDay());
  if (!cron.anyDay && !cron.anyWeekday) return byDay || byWeekday;
  return byDay && byWeekday;
}

/** The first time strictly after `after` (to the minute) at which the schedule fires. */
export function nextFire(cron: Cron, after: Date): Date {
  const start = Math.floor(after.getTime() / 60_000) * 60_000 + 60_000;
  const first = new Date(start);
  for (let offset = 0; offset < 366 * 8; offset++) {
    const day = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate() + offset));
    if (!dayMatches(cron, day)) continue;
    for (const hour of cron.hours)
      for (const minute of cron.minutes) {
        const at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), hour, minute);
        if (at >= start) return new Date(at);
      }
  }
  throw new Error(`cron "${cron.text}" never fires`);
}

const hhmm = (hour: number, minute: number) =>
  `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;

/** The schedule in words ("daily at 02:00 UTC"); the expression itself when it has no simple wording. */
export function describeCron(cron: Cron): string {
  const everyDay = cron.anyDay && cron.anyWeekday && cron.months.length === 12;
  const everyMonth = cron.months.length === 12 && cron.anyDay;
  const [minute] = cron.minutes;
  const stepOf = (values: number[], max: number) => {
    if (values.length < 2 || values[0] !== 0) return null;
    const step = values[1] - values[0];
    return values.every((value, i) => value === i * step) && values.at(-1)! + step > max ? step : null;
  };
  if (cron.minutes.length === 1 && cron.hours.length === 1) {
    const at = `at ${hhmm(cron.hours[0], minute)} UTC`;
    if (everyDay) return `daily ${at}`;
    if (everyMonth && !cron.anyWeekday) return `${cron.weekdays.map((d) => WEEKDAYS[d]).join(" and ")} ${at}`;
  }
  if (everyDay && cron.minutes.length === 1) {
    const step = stepOf(cron.hours, 23);
    if (step) return `every ${step} hours (${hhmm(0, minute)}, ${hhmm(step, minute)}, … UTC)`;
  }
  if (everyDay && cron.hours.length === 24) {
    const step = stepOf(cron.minutes, 59);
    if (step) return `every ${step} minutes`;
  }
  return cron.text;
}
