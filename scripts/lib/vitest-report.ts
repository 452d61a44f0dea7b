// Reading vitest's JSON report for npm test's closing line: what passed, failed, and did not run.
import path from "node:path";

/** The part of vitest's JSON reporter output that npm test reads. */
export type VitestReport = {
  success: boolean;
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    assertionResults: { status: string; fullName: string }[];
  }[];
};

export type SkippedFile = {
  /** Relative to the repository, e.g. test/integration/run-feedback-loop.test.ts. */
  file: string;
  /** Every test of the file was skipped (a describe.skipIf on the whole file). */
  whole: boolean;
  /** The full names of the skipped tests. */
  tests: string[];
  /** How many tests the file has. */
  total: number;
};

export type VitestSummary = {
  passed: number;
  failed: number;
  skipped: number;
  skippedFiles: SkippedFile[];
};

// Statuses of the JSON reporter for a test that did not run (todo and pending included).
const NOT_RUN = new Set(["skipped", "pending", "todo"]);

/**
 * Counts a vitest report. On the PostgreSQL server (`strict`, what CI runs) nothing may be skipped:
 * every skipped test counts as failed, so CI cannot end green with part of the suite unrun.
 */
export function summariseVitest(report: VitestReport, root: string, strict: boolean): VitestSummary {
  const skippedFiles: SkippedFile[] = [];
  for (const result of report.testResults) {
    const notRun = result.assertionResults.filter((test) => NOT_RUN.has(test.status)).map((t) => t.fullName);
    if (notRun.length === 0) continue;
    skippedFiles.push({
      file: path.relative(root, result.name),
      whole: notRun.length === result.assertionResults.length,
      tests: notRun,
      total: result.assertionResults.length,
    });
  }
  skippedFiles.sort((a, b) => a.file.localeCompare(b.file));
  const skipped = skippedFiles.reduce((sum, file) => sum + file.tests.length, 0);
  // A suite that fails to load has no failed tests but an unsuccessful run: count it once.
  const failed = report.numFailedTests || (report.success ? 0 : 1);
  return {
    passed: report.numPassedTests,
    failed: failed + (strict ? skipped : 0),
    skipped: strict ? 0 : skipped,
    skippedFiles,
  };
}

const tests = (n: number) => `${n} ${n === 1 ? "test" : "tests"}`;

/** The loud block naming what did not run (empty when everything ran). */
export function skippedBlock(summary: VitestSummary, strict: boolean): string {
  if (summary.skippedFiles.length === 0) return "";
  const whole = summary.skippedFiles.filter((file) => file.whole);
  const partial = summary.skippedFiles.filter((file) => !file.whole);
  const count = summary.skippedFiles.reduce((sum, file) => sum + file.tests.length, 0);
  const bar = "!".repeat(100);
  const lines = [
    bar,
    strict
      ? `!! ${tests(count).toUpperCase()} SKIPPED ON THE POSTGRESQL SERVER, COUNTED AS FAILED: nothing may be skipped here (CI runs this way).`
      : `!! ${tests(count).toUpperCase()} DID NOT RUN (embedded PGlite): ${whole.length} files skipped whole, ${partial.length} in part.`,
    ...whole.map((file) => `!!   ${file.file} (all ${tests(file.tests.length)})`),
    ...partial.flatMap((file) => [
      `!!   ${file.file} (${file.tests.length} of ${tests(file.total)}):`,
      ...file.tests.map((test) => `!!     - ${test}`),
    ]),
    strict
      ? "!! Remove the skip, or make the test run on this server."
      : "!! They need the PostgreSQL server: run npm test with one on 127.0.0.1:5432 or TEST_DATABASE_URL set (CI does).",
    bar,
  ];
  return lines.join("\n");
}
