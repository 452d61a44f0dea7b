import Link from "next/link";
import type { ExplorerFilters } from "@/lib/causal-validation/explorer-filters";
import { PATTERN_CATEGORIES } from "@/lib/causal-validation/outcome-rules";
import { VALIDATION_OUTCOME_TYPES } from "@/lib/vocabulary";
import styles from "./validation.module.css";

/** The explorer's filters as a plain GET form: applying them is a navigation, so every view is a link. */
export function ValidationFilterForm({ filters }: { filters: ExplorerFilters }) {
  return (
    <form className={`panel ${styles.filters}`} method="get" action="/validation" aria-label="Filters">
      <div className={styles.filter}>
        <label htmlFor="filter-type">Outcome type</label>
        <select id="filter-type" name="type" defaultValue={filters.type ?? ""}>
          <option value="">Failures (all but passed)</option>
          <option value="any">Any outcome</option>
          {VALIDATION_OUTCOME_TYPES.map((type) => (
            <option key={type} value={type}>
              {type}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.filter}>
        <label htmlFor="filter-category">Category</label>
        <select id="filter-category" name="category" defaultValue={filters.category ?? ""}>
          <option value="">Any category</option>
          {PATTERN_CATEGORIES.map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.filter}>
        <label htmlFor="filter-brand">Brand</label>
        <input
          id="filter-brand"
          name="brand"
          type="search"
          defaultValue={filters.brand ?? ""}
          placeholder="contains…"
        />
      </div>
      <div className={styles.filter}>
        <label htmlFor="filter-treatment">Treatment</label>
        <input
          id="filter-treatment"
          name="treatment"
          type="search"
          defaultValue={filters.treatment ?? ""}
          placeholder="contains…"
        />
      </div>
      <div className={styles.filter}>
        <label htmlFor="filter-outcome">Outcome variable</label>
        <input
          id="filter-outcome"
          name="outcome"
          type="search"
          defaultValue={filters.outcome ?? ""}
          placeholder="contains…"
        />
      </div>
      <div className={styles.filter}>
        <label htmlFor="filter-from">From (UTC)</label>
        <input id="filter-from" name="from" type="date" defaultValue={filters.from ?? ""} />
      </div>
      <div className={styles.filter}>
        <label htmlFor="filter-to">To (UTC)</label>
        <input id="filter-to" name="to" type="date" defaultValue={filters.to ?? ""} />
      </div>
      <div className={styles.actions}>
        <button type="submit" className="button">
          Apply
        </button>
        <Link href="/validation">Clear</Link>
      </div>
    </form>
  );
}
