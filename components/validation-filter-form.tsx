import Link from "next/link";
import type { ExplorerFilters } from "@/lib/validation/explorer-filters";
import { OUTCOME_TYPES, PATTERN_CATEGORIES } from "@/lib/validation/outcome-rules";
import styles from "./validation.module.css";

/** The explorer's filters as a plain GET form: applying them is a navigation, so every view is a link. */
export function ValidationFilterForm({ filters }: { filters: ExplorerFilters }) {
  return (
    <form className={`panel ${styles.filters}`} method="get" action="/validation" aria-label="Filters">
      <label>
        Outcome type
        <select name="type" defaultValue={filters.type ?? ""}>
          <option value="">Failures (all but passed)</option>
          <option value="any">Any outcome</option>
          {OUTCOME_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </label>
      <label>
        Category
        <select name="category" defaultValue={filters.category ?? ""}>
          <option value="">Any category</option>
          {PATTERN_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </select>
      </label>
      <label>
        Brand
        <input name="brand" type="search" defaultValue={filters.brand ?? ""} placeholder="contains…" />
      </label>
      <label>
        Treatment
        <input name="treatment" type="search" defaultValue={filters.treatment ?? ""} placeholder="contains…" />
      </label>
      <label>
        Outcome variable
        <input name="outcome" type="search" defaultValue={filters.outcome ?? ""} placeholder="contains…" />
      </label>
      <label>
        From (UTC)
        <input name="from" type="date" defaultValue={filters.from ?? ""} />
      </label>
      <label>
        To (UTC)
        <input name="to" type="date" defaultValue={filters.to ?? ""} />
      </label>
      <div className={styles.actions}>
        <button type="submit" className="button">
          Apply
        </button>
        <Link href="/validation">Clear</Link>
      </div>
    </form>
  );
}
