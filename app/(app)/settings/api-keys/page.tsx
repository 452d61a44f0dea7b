import type { Metadata } from "next";
import Link from "next/link";
import { CreateApiKeyForm } from "@/components/create-api-key-form";
import { RevokeApiKeyButton } from "@/components/revoke-api-key-button";
import { listApiKeys } from "@/lib/api-keys/manage-api-keys";
import { pageUser } from "@/lib/auth/page-user";
import { can, whoCan } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { formatUtcOr } from "@/lib/format-utc";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";

export const metadata: Metadata = { title: "API keys" };
export const dynamic = "force-dynamic";

export default async function ApiKeysPage() {
  const user = await pageUser("/settings/api-keys");
  const intro = (
    <p className="muted">
      Models and ETL jobs send predictions and downstream data to <code>/api/v1/</code> with{" "}
      <code>Authorization: Bearer &lt;key&gt;</code>. See the <Link href="/api-docs">API documentation</Link>.
    </p>
  );
  if (!can(user.role, "admin:manage")) {
    return (
      <>
        <h1>API keys</h1>
        {intro}
        <p className="panel" role="status">
          {whoCan("admin:manage")} Ask an admin for a key for your model or job.
        </p>
      </>
    );
  }
  const keys = await listApiKeys(db());
  return (
    <>
      <h1>API keys</h1>
      {intro}
      <section className="panel" aria-labelledby="create-heading">
        <h2 id="create-heading">Create a key</h2>
        <CreateApiKeyForm action={createApiKeyAction} />
      </section>
      <section className="panel" aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys</h2>
        {keys.length === 0 ? (
          <p className="empty">No API keys yet. Create one for each model or job that sends data.</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.id}>
                  <td>{key.name}</td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>
                    {formatUtcOr(key.createdAt, "never")}
                    {key.createdBy ? <div className="muted">by {key.createdBy}</div> : null}
                  </td>
                  <td>{formatUtcOr(key.lastUsedAt, "never")}</td>
                  <td>{key.revokedAt ? `revoked ${formatUtcOr(key.revokedAt, "never")}` : "active"}</td>
                  <td>
                    {key.revokedAt ? null : (
                      <RevokeApiKeyButton id={key.id} name={key.name} action={revokeApiKeyAction} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
