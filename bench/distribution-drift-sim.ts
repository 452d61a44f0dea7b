// npm run bench:distribution-sim — how often the input/output drift decision (issue 19: PSI ≥ the
// threshold AND the dispersion-scaled χ² significant) raises a false alarm on a feature whose weekly
// shares vary 1×, 2× and 3× as much as multinomial sampling, how often it catches a real shift, and
// the same for the naive rule (plain χ², no dispersion). Seeded: the same table every run. Prints
// numbers; asserts nothing.
import { chiSquareHomogeneity } from "../lib/distribution-drift/chi-square-test";
import { computeFeatureDrift, type ProfileCell } from "../lib/distribution-drift/compute-feature-drift";
import { minPredictionsForPsi } from "../lib/distribution-drift/detect-distribution-findings";
import { beta, binomial } from "../lib/nowcast/sampling";
import { createRandom, hashSeed, type Random } from "../lib/random";

const RUNS = Number(process.env.SIM_RUNS ?? 1000);
const REFERENCE_WEEKS = 12;
const PSI = 0.2;
const ALPHA = 0.05;
/** A categorical feature's shares (a specialty, a channel, a count bucket). */
const SHARES = [0.3, 0.25, 0.2, 0.12, 0.08, 0.05];
const NAMES = SHARES.map((_, i) => `c${i}`);

/** Dirichlet(α·p) by stick-breaking with Beta draws; the shares themselves when α is infinite. */
function dirichlet(random: Random, p: readonly number[], alpha: number): number[] {
  if (!Number.isFinite(alpha)) return [...p];
  const out: number[] = [];
  let left = 1;
  let rest = p.reduce((sum, x) => sum + x, 0);
  for (let i = 0; i < p.length - 1; i++) {
    rest -= p[i];
    const x = rest <= 1e-12 ? 1 : beta(random, alpha * p[i], alpha * rest);
    out.push(left * x);
    left *= 1 - x;
  }
  out.push(left);
  return out;
}

function multinomial(random: Random, n: number, p: readonly number[]): number[] {
  const counts: number[] = [];
  let left = n;
  let mass = 1;
  for (let i = 0; i < p.length; i++) {
    const k = i === p.length - 1 ? left : binomial(random, left, Math.min(1, Math.max(0, p[i] / mass)));
    counts.push(k);
    left -= k;
    mass -= p[i];
  }
  return counts;
}

/** Moves `share` of every category's mass into the rarest one (a value that used to be rare turns common). */
const RARE = SHARES.length - 1;
const shifted = (share: number) => SHARES.map((p, i) => (i === RARE ? p + share * (1 - p) : p * (1 - share)));
/** The shift's PSI between the true shares (what the threshold is compared with, were n infinite). */
const truePsi = (share: number) =>
  shifted(share).reduce((sum, c, i) => sum + (c - SHARES[i]) * Math.log(c / SHARES[i]), 0);

function simulate(n: number, spread: number, shift: number, seed: number) {
  const phi = spread * spread;
  // Dirichlet-multinomial: variance = multinomial × (n + α)/(1 + α) = φ ⇒ α = (n − φ)/(φ − 1).
  const alpha = phi <= 1 ? Number.POSITIVE_INFINITY : (n - phi) / (phi - 1);
  let alarms = 0;
  let naive = 0;
  let judged = 0;
  for (let run = 0; run < RUNS; run++) {
    const random = createRandom(hashSeed("distribution-sim", seed, n, spread, shift, run));
    const weeks: { week: string; predictions: number }[] = [];
    const cells: ProfileCell[] = [];
    for (let w = 0; w <= REFERENCE_WEEKS; w++) {
      const week = `w${String(w).padStart(2, "0")}`;
      const shares = dirichlet(random, w === REFERENCE_WEEKS ? shifted(shift) : SHARES, alpha);
      const counts = multinomial(random, n, shares);
      weeks.push({ week, predictions: n });
      counts.forEach((count, i) => {
        if (count > 0)
          cells.push({
            week,
            feature: "f",
            kind: "categorical",
            bucket: NAMES[i],
            numericValue: null,
            n: count,
          });
      });
    }
    const drift = computeFeatureDrift({
      feature: "f",
      cells,
      weeks,
      referenceWeeks: weeks.slice(0, REFERENCE_WEEKS).map((w) => w.week),
    });
    const last = drift.weeks[REFERENCE_WEEKS];
    if (
      last.predictions < minPredictionsForPsi(last.counts.length, PSI, drift.dispersion) ||
      last.psi === null
    )
      continue;
    judged++;
    if (last.psi >= PSI && (last.pValue ?? 1) < ALPHA) alarms++;
    const plain = chiSquareHomogeneity(drift.reference.counts, last.counts).pValue;
    if (last.psi >= PSI && plain < ALPHA) naive++;
  }
  const pct = (k: number) => (judged === 0 ? "—" : `${((100 * k) / judged).toFixed(1)} %`);
  const share = `${((100 * judged) / RUNS).toFixed(0)} % judged`;
  return { judged, share, rule: `${pct(alarms)} (${share})`, naive: pct(naive) };
}

const started = performance.now();
console.log(
  `Input/output drift decision, ${RUNS} seeded runs per cell, 12 reference weeks, PSI ≥ ${PSI} AND p < ${ALPHA}`,
);
console.log(
  `Feature: ${SHARES.length} categories (+ missing); weekly shares Dirichlet-multinomial at the spread given.\n`,
);
console.log(
  `| n a week | spread | false alarms (rule) | false alarms (naive χ²) | power, true PSI ${truePsi(0.25).toFixed(2)} | flagged at true PSI ${truePsi(0.12).toFixed(2)} (under the threshold) |`,
);
console.log("|---|---|---|---|---|---|");
for (const n of [200, 800, 3000])
  for (const spread of [1, 2, 3]) {
    const stable = simulate(n, spread, 0, 1);
    const big = simulate(n, spread, 0.25, 2);
    const small = simulate(n, spread, 0.12, 3);
    console.log(`| ${n} | ${spread}× | ${stable.rule} | ${stable.naive} | ${big.rule} | ${small.rule} |`);
  }
console.log(`\n${((performance.now() - started) / 1000).toFixed(1)} s`);
