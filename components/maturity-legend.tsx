/** Says how mature and provisional weeks are drawn, and why they differ. */
export function MaturityLegend({ labelDelayDays, timezone }: { labelDelayDays: number; timezone: string }) {
  return (
    <p className="maturity-legend small">
      <span className="legend-dot legend-dot-mature" aria-hidden="true" /> mature week: every prediction is
      past its observation window and data lag ({labelDelayDays} days) and a labeling run has labeled it
      since, so its numbers are final.{" "}
      <span className="legend-dot legend-dot-provisional" aria-hidden="true" /> provisional week (shaded):
      labels are still arriving and its numbers will change. Weeks start Monday, {timezone}.
    </p>
  );
}
