import type { Metadata } from "next";
import Link from "next/link";
import { pageUser } from "@/lib/auth/page-user";
import { env } from "@/lib/env";
import { INGEST_CONTRACTS, type IngestContract, MAX_BATCH_ROWS, maxRowsOf } from "@/lib/ingest/contracts";
import { buildOpenApiDocument, curlExample, describeFields } from "@/lib/ingest/openapi";

export const metadata: Metadata = { title: "API documentation" };
export const dynamic = "force-dynamic";

export default async function ApiDocsPage() {
  await pageUser("/api-docs");
  const document = buildOpenApiDocument();
  const baseUrl = env().NEXTAUTH_URL ?? "http://localhost:3000";
  return (
    <>
      <h1>API documentation</h1>
      <p className="muted">
        Generated from the same zod schemas that validate every request; machine-readable at{" "}
        <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Send{" "}
        <code>Authorization: Bearer &lt;key&gt;</code> with a key from{" "}
        <Link href="/settings/api-keys">Settings → API keys</Link>.
      </p>
      <section className="panel" aria-labelledby="rules-heading">
        <h2 id="rules-heading">Rules for every batch endpoint</h2>
        <ul>
          <li>
            The body is a JSON array of at most {MAX_BATCH_ROWS.toLocaleString("en-US")} rows (fewer where an
            endpoint says so); more rows, or a larger body, is answered 413.
          </li>
          <li>
            All or nothing: if any row is invalid the answer is 400 with the index and field of the first 100
            failing rows, and nothing is written.
          </li>
          <li>
            Idempotent on the id: the answer <code>{"{inserted, unchanged, conflicts}"}</code> counts new rows
            and rows already stored as sent; a row whose id is stored with different content is listed in{" "}
            <code>conflicts</code> and not written.
          </li>
          <li>
            Unknown fields are refused (400), so a misspelt optional field is not silently dropped. Times need
            an offset (Z or ±hh:mm).
          </li>
          <li>No key, or an unknown or revoked one: 401.</li>
        </ul>
      </section>
      {(INGEST_CONTRACTS as readonly IngestContract<unknown>[]).map((contract) => (
        <section key={contract.path} className="panel" aria-labelledby={`${contract.schemaName}-heading`}>
          <h2 id={`${contract.schemaName}-heading`}>
            <code>POST {contract.path}</code>
          </h2>
          <p>{contract.summary}</p>
          <p className="muted">
            Up to {maxRowsOf(contract).toLocaleString("en-US")} rows per batch
            {contract.acceptsSingleRow ? ", or one row as a JSON object" : ""}.
          </p>
          <table className="data" aria-label={`${contract.schemaName} fields`}>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Type</th>
                <th scope="col">Required</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {describeFields(document.components.schemas[contract.schemaName]).map((field) => (
                <tr key={field.name}>
                  <td>
                    <code>{field.name}</code>
                  </td>
                  <td>{field.type}</td>
                  <td>{field.required ? "yes" : "no"}</td>
                  <td>{field.notes}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Example</h3>
          {/* Focusable: a keyboard user must be able to scroll the wide example sideways. */}
          <pre
            className="example"
            tabIndex={0}
            role="region"
            aria-label={`curl example for ${contract.path}`}
          >
            {curlExample(contract, baseUrl)}
          </pre>
        </section>
      ))}
    </>
  );
}
