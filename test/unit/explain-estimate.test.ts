import { describe, expect, it } from "vitest";
import { estimateAgeWeeks, explainEstimate } from "@/lib/nowcast/explain-estimate";

const stored = {
  decidedShare: 0.59,
  low: 0.5394,
  high: 0.5644,
  dropLow: 0.183,
  dropHigh: 0.2137,
  weeks: ["2026-04-06", "2026-04-13", "2026-04-20"],
  undecidedBy: { development: 700, reference: 30, confidence: 8 },
  referenceWeeks: ["2026-01-05", "2026-01-12", "2026-03-23"],
};

describe("explainEstimate (the alert page of an early warning)", () => {
  it("says what is decided, how the rest was estimated and with which fallbacks, the interval and the backtest", () => {
    const backtest = { ageWeeks: 7, weeks: 12, mae: 0.0183, coverage: 0.9167, decidedShare: 0.33 };
    expect(explainEstimate({ reason: "…", estimate: stored }, backtest)).toEqual([
      {
        term: "Decided so far",
        text: "59% of the labels of 3 pooled immature weeks (2026-04-06 to 2026-04-20)",
      },
      {
        term: "Undecided, estimated",
        text: "738: 700 from the development curves of 3 reference weeks (2026-01-05 to 2026-03-23); 30 from their reference bin's final rate (fallback: too few early labels for a curve); 8 from their predicted probability (fallback: no usable reference, assumes calibration)",
      },
      {
        term: "90% interval",
        text: "accuracy 53.9%–56.4%; drop 18.3 pts–21.4 pts (the whole interval must lie beyond the threshold)",
      },
      {
        term: "Backtest",
        text: "backtest: MAE 1.8 pts at 7 weeks, interval covered 92 % (12 mature weeks replayed): the nowcast replayed on this version's latest mature weeks as of the same age",
      },
    ]);
  });

  it.each([
    { name: "one window scanned: its own 90 % interval", windows: 1, term: "90% interval", adjusted: "" },
    {
      name: "five nested windows: the simultaneous interval, and how it was adjusted",
      windows: 5,
      term: "90% simultaneous interval",
      adjusted:
        "; adjusted for 5 nested windows (max-statistic): ±2.21 standard deviations instead of one window's ±1.64, so it holds for all the windows scanned at once",
    },
  ])("$name", ({ windows, term, adjusted }) => {
    expect(explainEstimate({ estimate: { ...stored, windows, criticalZ: 2.2131 } }, null)?.[2]).toEqual({
      term,
      text: `accuracy 53.9%–56.4%; drop 18.3 pts–21.4 pts (the whole interval must lie beyond the threshold)${adjusted}`,
    });
  });

  it.each([
    { name: "a measured finding (no estimate)", details: { reason: "accuracy 62.0% vs 76.9%" } },
    { name: "no details", details: null },
    { name: "a malformed estimate", details: { estimate: { decidedShare: "most" } } },
  ])("shows nothing for $name", ({ details }) => {
    expect(explainEstimate(details, null)).toBeNull();
  });

  it("says when no mature week could be replayed, and quotes the backtest at the newest pooled week's age", () => {
    expect(explainEstimate({ estimate: stored }, null)?.at(-1)).toEqual({
      term: "Backtest",
      text: "no mature week after the reference to replay yet",
    });
    expect(estimateAgeWeeks({ estimate: stored }, new Date("2026-05-06T02:00:00Z"))).toBe(2);
    expect(estimateAgeWeeks({ estimate: stored }, new Date("2026-04-21T02:00:00Z"))).toBe(1);
    expect(estimateAgeWeeks({ reason: "measured" }, new Date("2026-05-06T02:00:00Z"))).toBeNull();
  });
});
