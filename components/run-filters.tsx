import { PredictionType, RunStatus, ScheduleWindow } from "@/lib/generated/prisma/enums";
import type { RunsQuery } from "@/lib/runs/runs-query";

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
        <div className="field field-inline" key={filter.name}>
          <label htmlFor={`filter-${filter.name}`}>{filter.label}</label>
          <select id={`filter-${filter.name}`} name={filter.name} defaultValue={query[filter.name] ?? ""}>
            <option value="">any</option>
            {filter.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </div>
      ))}
      <button type="submit" className="button button-secondary">
        Apply filters
      </button>
    </form>
  );
}
