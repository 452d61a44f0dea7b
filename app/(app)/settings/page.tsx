import type { Metadata } from "next";
import Link from "next/link";
import { RuleParams } from "@/components/rule-params";
import { pageUser } from "@/lib/auth/page-user";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { readSettings } from "@/lib/settings/read-settings";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = await pageUser("/settings");
  const { rules, drift } = await readSettings(db());
  return (
    <>
      <h1>Settings</h1>
      <section className="panel" aria-labelledby="keys-heading">
        <h2 id="keys-heading">API keys</h2>
        <p>
          Models and ETL jobs send data with API keys.{" "}
          {can(user.role, "admin:manage") ? (
            <Link href="/settings/api-keys">Create, list and revoke API keys</Link>
          ) : (
            <>
              Admins manage them on <Link href="/settings/api-keys">API keys</Link>.
            </>
          )}{" "}
          · <Link href="/api-docs">API documentation</Link>
        </p>
      </section>
      <section className="panel" aria-labelledby="users-heading">
        <h2 id="users-heading">Users</h2>
        <p>
          {can(user.role, "admin:manage") ? (
            <Link href="/settings/users">Add people, change roles, disable accounts, reset passwords</Link>
          ) : (
            <>
              Admins manage who may sign in on <Link href="/settings/users">Users</Link>.
            </>
          )}
        </p>
      </section>
      <p className="muted">Labeling rules and drift thresholds are shown read-only; editing them here is not built yet.</p>
      <section className="panel" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Labeling rules</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col" className="num">Window (days)</th>
              <th scope="col" className="num">Source lag (days)</th>
              <th scope="col" className="num">Re-check horizon (days)</th>
              <th scope="col">Schedule</th>
              <th scope="col" className="num">Rule version</th>
              <th scope="col">Parameters</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.predictionType}>
                <td>{rule.predictionType}</td>
                <td className="num">{rule.observationWindowDays}</td>
                <td className="num">{rule.sourceLagDays}</td>
                <td className="num">{rule.recheckHorizonDays}</td>
                <td>{rule.scheduleWindow}</td>
                <td className="num">{rule.ruleVersion}</td>
                <td>
                  <RuleParams params={rule.params} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {drift && (
        <section className="panel" aria-labelledby="thresholds-heading">
          <h2 id="thresholds-heading">Drift thresholds</h2>
          <table className="data">
            <tbody>
              {[
                ["Time zone", drift.timezone],
                ["Current window (mature weeks)", drift.currentWeeks],
                ["Baseline (mature weeks)", drift.baselineWeeks],
                ["Minimum labeled, current / baseline", `${drift.minCurrentN} / ${drift.minBaselineN}`],
                ["Significance (after Benjamini–Hochberg)", drift.alpha],
                ["Accuracy drop: alert / critical", `${drift.accuracyDrop} / ${drift.accuracyCriticalDrop}`],
                ["ECE increase: alert / high", `${drift.eceIncrease} / ${drift.eceHighIncrease}`],
                ["Class shift", drift.classShift],
                ["Label pipeline: bad share / minimum coverage", `${drift.pipelineBadShare} / ${drift.pipelineMinCoverage}`],
                ["Notifications per hour per channel", drift.notificationsPerHour],
              ].map(([name, value]) => (
                <tr key={String(name)}>
                  <th scope="row">{name}</th>
                  <td className="num">{String(value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
