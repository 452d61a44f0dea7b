"use client";

import type { DriftViewQuery } from "@/lib/dashboard/drift-query";

type Patch = Partial<Omit<DriftViewQuery, "type">>;

/** Monday `weeks` − 1 weeks before this week's Monday (UTC), YYYY-MM-DD. */
function weeksAgo(weeks: number, now = new Date()): string {
  const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - ((now.getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday - (weeks - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

const RANGES = [
  { label: "All weeks", weeks: null },
  { label: "Last 26 weeks", weeks: 26 },
  { label: "Last 13 weeks", weeks: 13 },
] as const;

type Props = { versions: string[]; version: string | null; compare: string | null; from?: string; to?: string; onChange: (patch: Patch) => void };

/** Version, overlaid version and week range; every choice goes to the URL through `onChange`. */
export function DriftControls({ versions, version, compare, from, to, onChange }: Props) {
  const presets = RANGES.map((range) => ({ ...range, from: range.weeks === null ? "" : weeksAgo(range.weeks) }));
  const preset = to ? "custom" : (presets.find((range) => range.from === (from ?? ""))?.label ?? "custom");
  return (
    <form className="filters" aria-label="Chart options" onSubmit={(event) => event.preventDefault()}>
      <div className="field field-inline">
        <label htmlFor="drift-version">Model version</label>
        <select id="drift-version" value={version ?? ""} onChange={(event) => onChange({ version: event.target.value, compare: compare === event.target.value ? undefined : (compare ?? undefined) })}>
          {versions.map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor="drift-compare">Overlay version</label>
        <select id="drift-compare" value={compare ?? ""} onChange={(event) => onChange({ compare: event.target.value || undefined })} disabled={versions.length < 2}>
          <option value="">none</option>
          {versions.filter((v) => v !== version).map((v) => (
            <option key={v} value={v}>
              {v}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor="drift-range">Weeks</label>
        <select id="drift-range" value={preset} onChange={(event) => onChange({ from: presets.find((range) => range.label === event.target.value)?.from || undefined, to: undefined })}>
          {presets.map((range) => (
            <option key={range.label} value={range.label}>
              {range.label}
            </option>
          ))}
          {preset === "custom" && <option value="custom">{`${from ?? "start"} to ${to ?? "latest"}`}</option>}
        </select>
      </div>
    </form>
  );
}
