import { PredictionType, RunStatus, ScheduleWindow } from "@/lib/generated/prisma/enums";
import type { RunsQuery } from "@/lib/runs/runs-query";
import { SelectField } from "./select-field";

const FILTERS = [
  { name: "window", label: "Window", options: Object.values(ScheduleWindow) },
  { name: "type", label: "Type", options: Object.values(PredictionType) },
  { name: "status", label: "Status", options: Object.values(RunStatus) },
] as const;

/** Window, type and status filters as a GET form, so the filtered list is a shareable link. */
export function RunFilters({ query }: { query: RunsQuery }) {
  return (
    <form method="get" className="filters" aria-label="Filter runs">
      {FILTERS.map((filter) => (
        <SelectField
          key={filter.name}
          id={`filter-${filter.name}`}
          name={filter.name}
          label={filter.label}
          options={filter.options}
          emptyOption="any"
          defaultValue={query[filter.name] ?? ""}
        />
      ))}
      <button type="submit" className="button button-secondary">
        Apply filters
      </button>
    </form>
  );
}
