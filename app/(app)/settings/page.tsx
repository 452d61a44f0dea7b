import type { Metadata } from "next";
import Link from "next/link";
import { AdminEventList } from "@/components/admin-event-list";
import { DriftSettingsForm } from "@/components/drift-settings-form";
import { LabelingRuleForm } from "@/components/labeling-rule-form";
import { ReferencePeriodsPanel } from "@/components/reference-periods-panel";
import { RuleParams } from "@/components/rule-params";
import { pageUser } from "@/lib/auth/page-user";
import { can, whoCan } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { DRIFT_SETTING_FIELDS, DRIFT_SETTING_LABELS } from "@/lib/settings/drift-settings-input";
import { loadSettingsPage } from "@/lib/settings/load-settings-page";
import {
  clearReferenceAction,
  pinReferenceAction,
  saveDriftSettingsAction,
  saveLabelingRuleAction,
} from "./actions";

export const metadata: Metadata = { title: "Settings" };
export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const user = await pageUser("/settings");
  const admin = can(user.role, "admin:manage");
  const { rules, drift, references, events, precisionNotes } = await loadSettingsPage(db(), {
    adminEvents: admin,
    now: new Date(),
  });
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
      {!admin && (
        <p className="muted">
          {whoCan("admin:manage")} Admins edit the labeling rules and drift thresholds here.
        </p>
      )}
      <section className="panel" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Labeling rules</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col" className="num">
                Window (days)
              </th>
              <th scope="col" className="num">
                Source lag (days)
              </th>
              <th scope="col" className="num">
                Re-check horizon (days)
              </th>
              <th scope="col">Schedule</th>
              <th scope="col" className="num">
                Rule version
              </th>
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
        {admin && (
          <>
            <h3>Edit a rule</h3>
            <p className="muted small">
              A new window, source lag or parameter makes a new rule version: labels given from then on record
              it, labels already given keep theirs.
            </p>
            {rules.map((rule) => (
              <details key={rule.predictionType} className="rule-editor">
                <summary>
                  {rule.predictionType} (version {rule.ruleVersion}
                  {rule.enabled ? "" : ", off"})
                </summary>
                <LabelingRuleForm
                  rule={{ ...rule, params: rule.params as Record<string, string | number> }}
                  loadedAt={rule.updatedAt.toISOString()}
                  action={saveLabelingRuleAction}
                />
              </details>
            ))}
          </>
        )}
      </section>
      {drift && admin && (
        <section className="panel" aria-labelledby="thresholds-heading">
          <h2 id="thresholds-heading">Drift thresholds</h2>
          <p className="muted small">
            Cohort weeks start on Monday in {drift.timezone}; the time zone is set when Driftwatch is
            installed. Shares are fractions: 0.05 is 5 percentage points. Beside each threshold, the precision
            of the alerts it decides (<Link href="/alert-quality">alert quality</Link>).
          </p>
          <DriftSettingsForm
            values={drift}
            loadedAt={drift.updatedAt.toISOString()}
            action={saveDriftSettingsAction}
            precisionNotes={precisionNotes}
          />
        </section>
      )}
      {drift && !admin && (
        <section className="panel" aria-labelledby="thresholds-heading">
          <h2 id="thresholds-heading">Drift thresholds</h2>
          <p className="muted small">
            Shares are fractions: 0.05 is 5 percentage points. Beside each threshold, the precision of the
            alerts it decides (<Link href="/alert-quality">alert quality</Link>).
          </p>
          <table className="data" aria-label="Drift thresholds">
            <tbody>
              {[
                ["Time zone", drift.timezone],
                ...DRIFT_SETTING_FIELDS.map((field) => [
                  DRIFT_SETTING_LABELS[field],
                  drift[field],
                  precisionNotes[field] ?? "",
                ]),
              ].map(([name, value, note]) => (
                <tr key={String(name)}>
                  <th scope="row">{name}</th>
                  <td className="num">{String(value)}</td>
                  <td className="small muted">{note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <ReferencePeriodsPanel
        references={references}
        admin={admin}
        defaults={{ weeks: drift.baselineWeeks, minLabels: drift.minCurrentN }}
        pin={pinReferenceAction}
        clear={clearReferenceAction}
      />
      {admin && (
        <section className="panel" aria-labelledby="changes-heading">
          <h2 id="changes-heading">Recent changes</h2>
          <p className="muted small">
            The last 50 changes to people, labeling rules, thresholds and API keys, with the values before and
            after.
          </p>
          <AdminEventList events={events} />
        </section>
      )}
    </>
  );
}
