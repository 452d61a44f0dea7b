import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { FailurePatternCard } from "@/components/failure-pattern-card";
import { PanelSkeleton } from "@/components/panel-skeleton";
import { SimilarFailuresPanel } from "@/components/similar-failures-panel";
import styles from "@/components/validation.module.css";
import { ValidationBadge } from "@/components/validation-badge";
import { pageUser } from "@/lib/auth/page-user";
import { findSimilarFailures, getValidationOutcome } from "@/lib/causal-validation/get-validation-outcome";
import { db } from "@/lib/db";
import { DomainError } from "@/lib/errors";
import { formatNumber } from "@/lib/format-number";
import { formatUtc } from "@/lib/format-utc";

export const metadata: Metadata = { title: "Validation outcome" };
export const dynamic = "force-dynamic";

async function loadOutcome(id: string) {
  try {
    return await getValidationOutcome(db(), id);
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}

export default async function ValidationOutcomePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await pageUser(`/validation/${encodeURIComponent(id)}`);
  const outcome = await loadOutcome(id);
  const fields: [string, React.ReactNode][] = [
    ["Outcome id", <code key="id">{outcome.id}</code>],
    ["Estimate id", outcome.estimateId],
    ["Outcome type", <ValidationBadge key="type" value={outcome.outcomeType} />],
    ["Gate decision", outcome.gateDecision],
    ["Treatment variable", outcome.treatmentVariable],
    ["Outcome variable", outcome.outcomeVariable],
    ["Brand", outcome.brand ?? "—"],
    ["Sample size", formatNumber(outcome.sampleSize, 0)],
    ["Effect size", formatNumber(outcome.effectSize, 4)],
    [
      "95% confidence interval",
      outcome.ciLower === null && outcome.ciUpper === null
        ? "—"
        : `${formatNumber(outcome.ciLower, 4)} to ${formatNumber(outcome.ciUpper, 4)}`,
    ],
    ["Confidence score", formatNumber(outcome.confidenceScore, 3)],
    [
      "Tests passed / failed / total",
      `${outcome.testsPassed} / ${outcome.testsFailed} / ${outcome.testsTotal}`,
    ],
    ["DAG hash", outcome.dagHash ? <code key="dag">{outcome.dagHash}</code> : "—"],
    ["Validated (UTC)", formatUtc(outcome.validatedAt)],
    ["Stored (UTC)", formatUtc(outcome.createdAt)],
  ];
  return (
    <>
      <p>
        <Link href="/validation">← Validation</Link>
      </p>
      <h1>
        {outcome.estimateId} <ValidationBadge value={outcome.outcomeType} />
      </h1>
      <p className="muted">
        {outcome.treatmentVariable} → {outcome.outcomeVariable}
        {outcome.brand ? ` · ${outcome.brand}` : ""}
      </p>
      <section className="panel" aria-labelledby="fields-heading">
        <h2 id="fields-heading">Outcome</h2>
        <dl className={styles.fields}>
          {fields.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="panel" aria-labelledby="patterns-heading">
        <h2 id="patterns-heading">Failure patterns ({outcome.failurePatterns.length})</h2>
        {outcome.failurePatterns.length === 0 ? (
          <p className="empty">No refutation test failed.</p>
        ) : (
          <div className={styles.cards}>
            {outcome.failurePatterns.map((pattern, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the patterns are a fixed, ordered list of one outcome
              <FailurePatternCard key={index} pattern={pattern} />
            ))}
          </div>
        )}
      </section>
      <section className="panel" aria-labelledby="raw-heading">
        <h2 id="raw-heading">Raw suite</h2>
        <details>
          <summary>Show the validator&apos;s JSON</summary>
          <pre className={styles.raw} tabIndex={0} role="region" aria-label="The validator's JSON">
            {JSON.stringify(outcome.rawSuite, null, 2)}
          </pre>
        </details>
      </section>
      <Suspense fallback={<PanelSkeleton title="Similar past failures" />}>
        <SimilarFailuresPanel
          failures={findSimilarFailures(db(), {
            treatment: outcome.treatmentVariable,
            outcome: outcome.outcomeVariable,
            excludeId: outcome.id,
          })}
        />
      </Suspense>
    </>
  );
}
