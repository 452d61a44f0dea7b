"use client";

import { type DriftViewQuery, firstWeekOfLast } from "@/lib/dashboard/drift-query";
import { SelectField } from "./select-field";

type Patch = Partial<Omit<DriftViewQuery, "type">>;

const RANGES = [
  { label: "All weeks", weeks: null },
  { label: "Last 26 weeks", weeks: 26 },
  { label: "Last 13 weeks", weeks: 13 },
] as const;

type Props = {
  versions: string[];
  version: string | null;
  compare: string | null;
  from?: string;
  to?: string;
  onChange: (patch: Patch) => void;
};

/** Version, overlaid version and week range; every choice goes to the URL through `onChange`. */
export function DriftControls({ versions, version, compare, from, to, onChange }: Props) {
  const presets = RANGES.map((range) => ({
    ...range,
    from: range.weeks === null ? "" : firstWeekOfLast(range.weeks, new Date()),
  }));
  const preset = to ? "custom" : (presets.find((range) => range.from === (from ?? ""))?.label ?? "custom");
  return (
    <form className="filters" aria-label="Chart options" onSubmit={(event) => event.preventDefault()}>
      <SelectField
        id="drift-version"
        label="Model version"
        options={versions}
        value={version ?? ""}
        onChange={(value) =>
          onChange({ version: value, compare: compare === value ? undefined : (compare ?? undefined) })
        }
      />
      <SelectField
        id="drift-compare"
        label="Overlay version"
        options={versions.filter((v) => v !== version)}
        emptyOption="none"
        value={compare ?? ""}
        disabled={versions.length < 2}
        onChange={(value) => onChange({ compare: value || undefined })}
      />
      <SelectField
        id="drift-range"
        label="Weeks"
        options={[
          ...presets.map((range) => range.label),
          ...(preset === "custom"
            ? [{ value: "custom", label: `${from ?? "start"} to ${to ?? "latest"}` }]
            : []),
        ]}
        value={preset}
        onChange={(value) =>
          onChange({ from: presets.find((range) => range.label === value)?.from || undefined, to: undefined })
        }
      />
    </form>
  );
}
