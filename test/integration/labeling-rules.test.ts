import { describe, expect, it } from "vitest";
import { LabelingRuleInput } from "@/lib/labeling/labeling-rule-input";
import { useTestDb } from "../support/database";

describe("the seeded labeling rules", () => {
  const db = useTestDb();

  it("hold SPEC §2's windows and lags, and every one passes the editing contract", async () => {
    const rules = await db.labelingRule.findMany({ orderBy: { predictionType: "asc" } });
    expect(
      rules.map((r) => [r.predictionType, r.observationWindowDays, r.sourceLagDays, r.scheduleWindow]),
    ).toEqual([
      ["trigger", 21, 12, "short"],
      ["next_best_action", 30, 7, "short"],
      ["churn", 90, 14, "medium"],
      ["market_share_impact", 90, 14, "long"],
      ["risk", 180, 12, "long"],
    ]);
    for (const rule of rules) {
      const parsed = LabelingRuleInput.safeParse(rule);
      expect(parsed.error?.issues ?? [], rule.predictionType).toEqual([]);
    }
  });
});
