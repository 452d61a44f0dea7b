import type { IgnoredFilter } from "@/lib/http/search-params";

/** What a page says about filters of its address it did not apply (parseFilters' one rule). */
export function IgnoredFilters({ ignored }: { ignored: readonly IgnoredFilter[] }) {
  if (ignored.length === 0) return null;
  return (
    <p className="form-error" role="alert">
      Ignored {ignored.length === 1 ? "a filter" : `${ignored.length} filters`} in the address:{" "}
      {ignored.map((filter) => `${filter.field}: ${filter.message}`).join("; ")}
    </p>
  );
}
