import { describe, expect, it } from "vitest";
import { skippedBlock, summariseVitest, type VitestReport } from "@/scripts/lib/vitest-report";

const root = "/repo";
const file = (name: string, ...statuses: string[]) => ({
  name: `${root}/test/${name}`,
  assertionResults: statuses.map((status, i) => ({ status, fullName: `${name} #${i + 1}` })),
});
const report = (files: VitestReport["testResults"], success = true): VitestReport => ({
  success,
  numPassedTests: files.flatMap((f) => f.assertionResults).filter((t) => t.status === "passed").length,
  numFailedTests: files.flatMap((f) => f.assertionResults).filter((t) => t.status === "failed").length,
  testResults: files,
});

const mixed = report([
  file("unit/a.test.ts", "passed", "passed"),
  file("integration/b.test.ts", "skipped", "skipped", "skipped"),
  file("integration/c.test.ts", "passed", "skipped"),
  file("integration/d.test.ts", "todo"),
]);

const cases = [
  {
    name: "everything ran: nothing skipped, nothing named",
    report: report([file("unit/a.test.ts", "passed", "passed")]),
    strict: true,
    expected: { passed: 2, failed: 0, skipped: 0, files: [] },
  },
  {
    name: "embedded: skipped tests are counted as skipped and their files named",
    report: mixed,
    strict: false,
    expected: {
      passed: 3,
      failed: 0,
      skipped: 5,
      files: ["integration/b.test.ts whole", "integration/c.test.ts part", "integration/d.test.ts whole"],
    },
  },
  {
    name: "server: every skipped test counts as failed",
    report: mixed,
    strict: true,
    expected: {
      passed: 3,
      failed: 5,
      skipped: 0,
      files: ["integration/b.test.ts whole", "integration/c.test.ts part", "integration/d.test.ts whole"],
    },
  },
  {
    name: "a file that failed to load counts as one failure",
    report: report([file("unit/a.test.ts", "passed")], false),
    strict: true,
    expected: { passed: 1, failed: 1, skipped: 0, files: [] },
  },
  {
    name: "failed tests are counted as they are",
    report: report([file("unit/a.test.ts", "passed", "failed", "failed")], false),
    strict: false,
    expected: { passed: 1, failed: 2, skipped: 0, files: [] },
  },
];

describe("summariseVitest (npm test's closing line)", () => {
  it.each(cases)("$name", ({ report, strict, expected }) => {
    const summary = summariseVitest(report, root, strict);
    expect({
      passed: summary.passed,
      failed: summary.failed,
      skipped: summary.skipped,
      files: summary.skippedFiles.map((f) => `${f.file.replace("test/", "")} ${f.whole ? "whole" : "part"}`),
    }).toEqual(expected);
  });
});

describe("skippedBlock", () => {
  it("is empty when everything ran", () => {
    expect(skippedBlock(summariseVitest(report([file("unit/a.test.ts", "passed")]), root, true), true)).toBe(
      "",
    );
  });

  it("names each skipped file on embedded PGlite, and the tests of a file skipped in part", () => {
    const lines = skippedBlock(summariseVitest(mixed, root, false), false).split("\n");
    expect(lines.slice(1, -1)).toEqual([
      "!! 5 TESTS DID NOT RUN (embedded PGlite): 2 files skipped whole, 1 in part.",
      "!!   test/integration/b.test.ts (all 3 tests)",
      "!!   test/integration/d.test.ts (all 1 test)",
      "!!   test/integration/c.test.ts (1 of 2 tests):",
      "!!     - integration/c.test.ts #2",
      "!! They need the PostgreSQL server: run npm test with one on 127.0.0.1:5432 or TEST_DATABASE_URL set (CI does).",
    ]);
  });

  it("says on the server that the skipped tests failed the run", () => {
    const block = skippedBlock(summariseVitest(mixed, root, true), true);
    expect(block.split("\n")[1]).toBe(
      "!! 5 TESTS SKIPPED ON THE POSTGRESQL SERVER, COUNTED AS FAILED: nothing may be skipped here (CI runs this way).",
    );
  });
});
