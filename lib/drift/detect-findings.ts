import type { AlertSeverity, FindingKind, PredictionType } from "../generated/prisma/enums";
import { SEVERITY_RANK } from "../vocabulary";
import { badShareOf, type CohortStats, coverageOf, labeledCount, poolCohorts } from "./cohort-stats";
import { compareMarketShare, decideMarketShareCandidate } from "./compare-market-share";
import {
  type Candidate,
  COMPARISON_LABELS,
  type Comparison,
  compareWindows,
  decideCandidate,
} from "./compare-windows";
import { labelPipelineFinding, OVERDUE_REASON } from "./label-pipeline-finding";
import { benjaminiHochberg } from "./statistics";

export type DriftThresholds = {
  currentWeeks: number;
  baselineWeeks: number;
  minCurrentN: number;
  minBaselineN: number;
  minCalibrationN: number;
  alpha: number;
  accuracyDrop: number;
  accuracyCriticalDrop: number;
  eceIncrease: number;
  eceHighIncrease: number;
  classShift: number;
  pipelineBadShare: number;
  pipelineMinCoverage: number;
  /** market_share_impact: the MAE rise (in share units) and the direction-accuracy drop that alert. */
  maeIncrease: number;
  directionAccuracyDrop: number;
};

/**
 * One cohort week of a (type, version): its statistics, whether it is mature (past window + lag and
 * labeled: SQL cohort_week_mature) and when its last day became ready to label.
 */
export type WeekStats = { week: string; mature: boolean; readyAt?: Date; stats: CohortStats };
export type Series = {
  predictionType: PredictionType;
  modelVersion: string;
  weeks: WeekStats[];
  /**
   * The oldest week that has waited for a labeling run far longer than its schedule (see
   * overdueWeek in ./maturity): the pipeline is broken even though no mature week shows it.
   */
  labelingOverdue?: { week: string; readyAt: Date } | null;
};
/** A reference period pinned by an admin (Monday dates, both included); else the default. */
export type PinnedReference = { from: string; to: string };
/** The reference period a finding was judged against (Mondays, both included) and who chose it. */
export type ReferenceRange = { from: string; to: string; weeks: number; pinned: boolean };

export type FindingStatus = "OK" | "ALERT" | "INSUFFICIENT_DATA";

export type Finding = {
  predictionType: PredictionType;
  modelVersion: string;
  kind: FindingKind;
  status: FindingStatus;
  severity: AlertSeverity | null;
  /** The latest week of the current window. */
  cohortWeek: string | null;
  /** The version's reference period: pinned by an admin, else its first mature weeks; null before it has one. */
  reference: ReferenceRange | null;
  /** What the values below compare with: the one that fired, else the reference (null: label pipeline). */
  comparison: Comparison | null;
  currentValue: number | null;
  baselineValue: number | null;
  currentN: number;
  baselineN: number;
  /** The practical threshold the difference is compared with. */
  threshold: number;
  pValue: number | null;
  /** Benjamini–Hochberg adjusted p-value across every test of the analysis. */
  qValue: number | null;
  /**
   * The current weeks are within the threshold of the reference (the recent weeks when there is no
   * reference to judge against): only then may an open alert auto-resolve.
   */
  withinReference: boolean | null;
  /** A model finding held back because the label pipeline of its version (or of its whole type) is unhealthy. */
  held: boolean;
  /** Why it is held, naming the pipeline that is broken; null when not held. */
  heldReason: string | null;
  reason: string;
  /** What an estimated finding (issue 17) rests on, shown on the alert page; absent on measured findings. */
  estimate?: EstimateDetails;
};

/** The nowcast behind an estimated finding: decided share, interval, weeks pooled, how undecided labels were estimated. */
export type EstimateDetails = {
  decidedShare: number;
  low: number;
  high: number;
  dropLow: number;
  dropHigh: number;
  weeks: string[];
  /** Undecided predictions by estimation method (development curve, reference bin, mean prediction). */
  undecidedBy: Record<string, number>;
  referenceWeeks: string[];
  /**
   * Windows the early warning scanned and tested (its p and intervals are adjusted for them by the
   * max-statistic) and the intervals' critical value in standard deviations (1.645 for one window).
   */
  windows?: number;
  criticalZ?: number;
};

/**
 * A test decided outside lib/drift that joins the analysis' one Benjamini–Hochberg family (the
 * nowcast's early warning): its p-value (null: not tested) and the finding it makes given its q.
 */
export type FamilyTest = { pValue: number | null; decide: (qValue: number | null) => Finding };

const BINARY_KINDS = ["accuracy_degradation", "calibration_drift", "class_shift"] as const;
/** market_share_impact is continuous: direction accuracy (as accuracy_degradation) and MAE. */
const MARKET_SHARE_KINDS = ["accuracy_degradation", "mae_increase"] as const;
const MODEL_KINDS: readonly FindingKind[] = [...BINARY_KINDS, "mae_increase"];
/** Findings about the model, held back while its labels are broken (the early warning reads them too). */
const HELD_KINDS: readonly FindingKind[] = [...MODEL_KINDS, "estimated_accuracy_degradation"];

type Windows = {
  currentWeeks: WeekStats[];
  recentWeeks: WeekStats[];
  referenceWeeks: WeekStats[];
  cohortWeek: string | null;
};

/**
 * The current window (last N mature weeks), the recent baseline (the M mature weeks before it) and
 * the reference period: the pinned range, else the version's first M mature weeks with at least
 * `minCurrentN` labels (never overlapping the current window).
 */
export function splitWindows(series: Series, t: DriftThresholds, pinned?: PinnedReference): Windows {
  const mature = series.weeks.filter((week) => week.mature).sort((a, b) => a.week.localeCompare(b.week));
  const currentWeeks = mature.slice(-t.currentWeeks);
  const before = mature.slice(0, Math.max(0, mature.length - currentWeeks.length));
  const referenceWeeks = pinned
    ? before.filter((week) => week.week >= pinned.from && week.week <= pinned.to)
    : before.filter((week) => labeledCount(week.stats) >= t.minCurrentN).slice(0, t.baselineWeeks);
  return {
    currentWeeks,
    recentWeeks: before.slice(-t.baselineWeeks),
    referenceWeeks,
    cohortWeek: currentWeeks.at(-1)?.week ?? null,
  };
}

type Judged = {
  finding: Finding;
  candidates: Candidate[];
  decide: (candidate: Candidate, t: DriftThresholds) => void;
};

/**
 * SPEC §4 and §4.1: turns every (type, version) series into findings (market_share_impact's by
 * compareMarketShare: direction accuracy and MAE). Each model kind is tested
 * against the version's reference period and against the recent weeks; a finding alerts when
 * either comparison shows both a practical difference and statistical evidence after
 * Benjamini–Hochberg across every test of the analysis, and says which comparison fired. Every
 * test allows for the between-week variance of its comparison weeks; thin comparisons are
 * INSUFFICIENT_DATA, never OK or ALERT. Deterministic: the calibration bootstrap is seeded by
 * (type, version, week, comparison), so a week gets the same decision whenever it is analysed.
 */
export function detectFindings(
  allSeries: readonly Series[],
  t: DriftThresholds,
  references: ReadonlyMap<string, PinnedReference> = new Map(),
  familyTests: readonly FamilyTest[] = [],
): Finding[] {
  const findings: Finding[] = [];
  const judged: Judged[] = [];
  for (const series of allSeries) {
    const pinned = references.get(`${series.predictionType}|${series.modelVersion}`);
    const { currentWeeks, recentWeeks, referenceWeeks, cohortWeek } = splitWindows(series, t, pinned);
    const nC = labeledCount(poolCohorts(currentWeeks.map((week) => week.stats)));
    const reference: ReferenceRange | null = pinned
      ? { ...pinned, weeks: referenceWeeks.length, pinned: true }
      : referenceWeeks.length > 0
        ? {
            from: referenceWeeks[0].week,
            to: referenceWeeks.at(-1)!.week,
            weeks: referenceWeeks.length,
            pinned: false,
          }
        : null;
    const base = {
      predictionType: series.predictionType,
      modelVersion: series.modelVersion,
      reference,
      cohortWeek,
      currentN: nC,
      baselineN: 0,
      qValue: null,
      held: false,
      heldReason: null,
    };

    const overdue = series.labelingOverdue ?? null;
    findings.push({
      ...base,
      // With no mature week at all, the week that waits is the one the alert is about.
      cohortWeek: cohortWeek ?? overdue?.week ?? null,
      comparison: null,
      withinReference: null,
      ...labelPipelineFinding(currentWeeks, t, overdue),
    });
    const marketShare = series.predictionType === "market_share_impact";
    const compare = marketShare ? compareMarketShare : compareWindows;
    const decide = marketShare ? decideMarketShareCandidate : decideCandidate;
    const seedKey = `${series.predictionType}|${series.modelVersion}|${cohortWeek ?? ""}`;
    const sameWeeks =
      referenceWeeks.length === recentWeeks.length &&
      referenceWeeks.every((week, i) => week.week === recentWeeks[i].week);
    const candidates = [
      ...compare(currentWeeks, referenceWeeks, "reference", t, seedKey),
      // A version whose reference is its recent weeks is compared once.
      ...(sameWeeks ? [] : compare(currentWeeks, recentWeeks, "recent", t, seedKey)),
    ];
    for (const kind of marketShare ? MARKET_SHARE_KINDS : BINARY_KINDS) {
      const finding: Finding = {
        ...base,
        kind,
        status: "INSUFFICIENT_DATA",
        severity: null,
        comparison: null,
        currentValue: null,
        baselineValue: null,
        threshold: 0,
        pValue: null,
        withinReference: null,
        reason: "",
      };
      findings.push(finding);
      judged.push({ finding, candidates: candidates.filter((c) => c.kind === kind), decide });
    }
  }

  // Benjamini–Hochberg across every test of the analysis (both comparisons of every series, and
  // the tests from outside such as the early warnings).
  const tested = judged.flatMap(({ candidates, decide }) =>
    candidates.filter((c) => c.pValue !== null).map((candidate) => ({ candidate, decide })),
  );
  const outside = familyTests.filter((test) => test.pValue !== null);
  const q = benjaminiHochberg([
    ...tested.map(({ candidate }) => candidate.pValue!),
    ...outside.map((test) => test.pValue!),
  ]);
  tested.forEach(({ candidate, decide }, i) => {
    candidate.qValue = q[i];
    decide(candidate, t);
  });
  for (const { finding, candidates } of judged) mergeComparisons(finding, candidates);
  for (const test of familyTests) {
    const index = outside.indexOf(test);
    findings.push(test.decide(index < 0 ? null : q[tested.length + index]));
  }

  holdModelAlerts(findings, allSeries, t);
  return findings;
}

/**
 * One finding per kind from its comparisons: the firing one with the highest severity (the
 * reference on a tie), else the reference (the comparison an open alert must come back to).
 */
function mergeComparisons(finding: Finding, candidates: readonly Candidate[]): void {
  const reference = candidates.find((c) => c.comparison === "reference");
  const recent = candidates.find((c) => c.comparison === "recent");
  const firing = candidates
    .filter((c) => c.status === "ALERT")
    .sort((a, b) => SEVERITY_RANK[b.severity!] - SEVERITY_RANK[a.severity!])[0];
  const judgedOk = [reference, recent].find((c) => c && c.status !== "INSUFFICIENT_DATA");
  const shown = firing ?? judgedOk ?? reference ?? recent!;
  Object.assign(finding, {
    status: shown.status,
    severity: shown.severity,
    comparison: shown.comparison,
    currentValue: shown.currentValue,
    baselineValue: shown.baselineValue,
    currentN: shown.currentN,
    baselineN: shown.baselineN,
    threshold: shown.threshold,
    pValue: shown.pValue,
    qValue: shown.qValue,
    withinReference:
      reference && reference.withinThreshold !== null
        ? reference.withinThreshold
        : (recent?.withinThreshold ?? null),
    reason: candidates.map((c) => `${COMPARISON_LABELS[c.comparison]}: ${c.reason}`).join("; "),
  });
}

/**
 * Broken labels must not page anyone about the model (SPEC §4): a model alert is held while the
 * label pipeline of its own version alerts, or while its type's pipeline as a whole is broken —
 * every version's current weeks pooled, on at least minCurrentN predictions. A broken version
 * (a stray or retired one) therefore holds nobody else's alerts.
 */
function holdModelAlerts(findings: Finding[], allSeries: readonly Series[], t: DriftThresholds) {
  const brokenVersions = new Map(
    findings
      .filter(
        (f) => f.kind === "label_pipeline" && f.status === "ALERT" && !f.reason.startsWith(OVERDUE_REASON),
      )
      .map((f) => [`${f.predictionType}\u0000${f.modelVersion}`, f.reason]),
  );
  const brokenTypes = new Map<PredictionType, string>();
  for (const type of new Set(allSeries.map((series) => series.predictionType))) {
    const pooled = poolCohorts(
      allSeries
        .filter((series) => series.predictionType === type)
        .flatMap((series) => splitWindows(series, t).currentWeeks.map((week) => week.stats)),
    );
    const bad = badShareOf(pooled);
    const coverage = coverageOf(pooled);
    if (pooled.total >= t.minCurrentN && (bad > t.pipelineBadShare || coverage < t.pipelineMinCoverage))
      brokenTypes.set(
        type,
        `indeterminate + excluded ${pct(bad)}, coverage ${pct(coverage)} over ${count(pooled.total)} predictions of every version`,
      );
  }
  for (const finding of findings) {
    if (!HELD_KINDS.includes(finding.kind) || finding.status !== "ALERT") continue;
    const own = brokenVersions.get(`${finding.predictionType}\u0000${finding.modelVersion}`);
    const whole = brokenTypes.get(finding.predictionType);
    if (own !== undefined)
      finding.heldReason = `the label pipeline of ${finding.predictionType} ${finding.modelVersion} is unhealthy (${own})`;
    else if (whole !== undefined)
      finding.heldReason = `the ${finding.predictionType} label pipeline as a whole is unhealthy (${whole})`;
    finding.held = finding.heldReason !== null;
  }
}

const count = (n: number) => n.toLocaleString("en-US");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
