import type { PredictionType } from "../generated/prisma/enums";

/**
 * The outcome (actual_outcome 1 or 0) that a type's truth rule can decide before its window closes
 * (SPEC §4.2): trigger and next_best_action are POSITIVE once the script / outcome event is seen,
 * churn is NEGATIVE once in-window scripts reach 30 % of the prior, risk (of non-persistence) is
 * POSITIVE once the uncovered days or a gap already exceed the limit. market_share_impact compares
 * two monthly shares, known only at the end: it has no early class and no nowcast.
 */
export const EARLY_CLASS: Record<PredictionType, 0 | 1 | null> = {
  trigger: 1,
  next_best_action: 1,
  churn: 0,
  risk: 1,
  market_share_impact: null,
};
