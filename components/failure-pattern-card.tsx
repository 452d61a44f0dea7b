import type { FailurePattern } from "@/lib/causal-validation/derive-outcome";
import { formatDeltaPercent, formatNumber } from "@/lib/format-number";
import styles from "./validation.module.css";
import { ValidationBadge } from "./validation-badge";

/** One failure pattern in words: which test failed, how far it moved the effect, and what to do. */
export function FailurePatternCard({ pattern }: { pattern: FailurePattern }) {
  return (
    <article className={styles.card} aria-label={`${pattern.category}: ${pattern.test_name}`}>
      <h3>
        <span>{pattern.category}</span>
        <ValidationBadge value={pattern.severity} />
      </h3>
      <p className="muted">
        Test <code>{pattern.test_name}</code>
        {pattern.description ? ` — ${pattern.description}` : ""}
      </p>
      <dl className={styles.effects}>
        <div>
          <dt>Original effect</dt>
          <dd>{formatNumber(pattern.original_effect, 4)}</dd>
        </div>
        <div>
          <dt>Refuted effect</dt>
          <dd>{formatNumber(pattern.refuted_effect, 4)}</dd>
        </div>
        <div>
          <dt>Δ</dt>
          <dd>{formatDeltaPercent(pattern.delta_percent)}</dd>
        </div>
      </dl>
      <p>
        <strong>Recommendation:</strong> {pattern.recommendation ?? "none given"}
      </p>
    </article>
  );
}
