import { z } from "zod";
import { NUL_MESSAGE, withoutNul } from "../json-problem";
import { ScheduleWindowSchema } from "../vocabulary";

const days = z.number().int().positive().max(730);
const share = z.number().min(0).max(1);

/** Rule parameters per type (SPEC §2); unknown keys are refused so a typo cannot pass silently. */
export const RuleParams = {
  trigger: z.strictObject({ confidence: share }),
  next_best_action: z.strictObject({
    delivered_confidence: share,
    undelivered_confidence: share,
    priority_call_days: days,
  }),
  churn: z
    .strictObject({
      prior_days: days,
      min_prior_scripts: z.number().int().min(1),
      strong_prior_scripts: z.number().int().min(1),
      drop_ratio: share,
      high_confidence: share,
      base_confidence: share,
    })
    .refine((p) => p.strong_prior_scripts >= p.min_prior_scripts, {
      path: ["strong_prior_scripts"],
      message: "must be at least min_prior_scripts",
    }),
  market_share_impact: z.strictObject({
    tolerance_share: share,
    confidence: share,
    metric_type: z.string().trim().min(1).max(100).refine(withoutNul, NUL_MESSAGE),
  }),
  risk: z.strictObject({
    default_fill_days: days,
    min_coverage: share,
    max_gap_days: days,
    many_fills: z.number().int().min(1),
    many_fills_confidence: share,
    some_fills_confidence: share,
    no_fills_confidence: share,
  }),
} as const;

const common = {
  observationWindowDays: days,
  sourceLagDays: z.number().int().min(0).max(365),
  recheckHorizonDays: z.number().int().min(0).max(730),
  scheduleWindow: ScheduleWindowSchema,
  enabled: z.boolean(),
};

/** The contract for editing one labeling rule (admin settings); the database checks the same bounds. */
export const LabelingRuleInput = z.discriminatedUnion("predictionType", [
  z.object({ predictionType: z.literal("trigger"), ...common, params: RuleParams.trigger }),
  z.object({ predictionType: z.literal("next_best_action"), ...common, params: RuleParams.next_best_action }),
  z.object({ predictionType: z.literal("churn"), ...common, params: RuleParams.churn }),
  z.object({
    predictionType: z.literal("market_share_impact"),
    ...common,
    params: RuleParams.market_share_impact,
  }),
  z.object({ predictionType: z.literal("risk"), ...common, params: RuleParams.risk }),
]);
export type LabelingRuleInput = z.infer<typeof LabelingRuleInput>;
