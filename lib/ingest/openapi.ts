import { z } from "zod";
import { INGEST_CONTRACTS, type IngestContract, MAX_BODY_BYTES, maxRowsOf } from "./contracts";
import { ApiErrorBody, IngestResult } from "./responses";

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  [keyword: string]: unknown;
};

type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  security: Record<string, string[]>[];
  requestBody?: { required: boolean; content: Record<string, { schema: unknown; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
};

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  paths: Record<string, { get?: Operation; post?: Operation }>;
  components: {
    securitySchemes: Record<string, Record<string, string>>;
    schemas: Record<string, JsonSchema>;
  };
};

/** A zod schema as JSON Schema (draft 2020-12, which OpenAPI 3.1 uses), as callers send it. */
function jsonSchemaOf(schema: z.ZodType, io: "input" | "output" = "input"): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorAnswer = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("Error") } },
});

function batchOperation(contract: IngestContract<unknown>): { post: Operation } {
  const maxRows = maxRowsOf(contract);
  const batch = { type: "array", maxItems: maxRows, items: ref(contract.schemaName) };
  return {
    post: {
      operationId: `ingest${contract.schemaName}s`,
      summary: contract.summary,
      description:
        `A JSON array of up to ${maxRows.toLocaleString("en-US")} ${contract.name}${contract.acceptsSingleRow ? ", or one as a JSON object," : ""} ` +
        `(${MAX_BODY_BYTES / 2 ** 20} MiB at most), ` +
        "written all or nothing. Idempotent: a row whose id is already stored with the same content is counted as unchanged; " +
        "with different content it is reported as a conflict and not written.",
      security: [{ apiKey: [] }],
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: contract.acceptsSingleRow ? { oneOf: [ref(contract.schemaName), batch] } : batch,
            example: [contract.example],
          },
        },
      },
      responses: {
        200: {
          description: "The batch was accepted.",
          content: { "application/json": { schema: ref("IngestResult") } },
        },
        400: errorAnswer(
          "The body is not a JSON array, or rows are invalid (index and field of the first 100 failing rows); nothing was written.",
        ),
        401: errorAnswer("No API key, or an unknown or revoked one."),
        413: errorAnswer(
          `More than ${maxRows.toLocaleString("en-US")} rows or ${MAX_BODY_BYTES / 2 ** 20} MiB.`,
        ),
        503: errorAnswer(
          "The database is not reachable just now; nothing was written. Retry after the Retry-After header's seconds.",
        ),
      },
    },
  };
}

/** The OpenAPI 3.1 document of /api/v1, generated from the zod contracts. */
export function buildOpenApiDocument(): OpenApiDocument {
  const contracts = INGEST_CONTRACTS as readonly IngestContract<unknown>[];
  return {
    openapi: "3.1.0",
    info: {
      title: "Driftwatch ingestion API",
      version: "1",
      description:
        "Models and ETL jobs send predictions and the downstream data the truth rules read. Every request needs an API key (Settings → API keys).",
    },
    paths: {
      ...Object.fromEntries(contracts.map((contract) => [contract.path, batchOperation(contract)])),
      "/api/v1/openapi.json": {
        get: {
          operationId: "openApiDocument",
          summary: "This document (API key or signed-in session).",
          security: [{ apiKey: [] }, { session: [] }],
          responses: {
            200: { description: "The OpenAPI document." },
            401: errorAnswer("No API key and no session."),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: "http",
          scheme: "bearer",
          description: "Authorization: Bearer <key>, a key an admin created under Settings → API keys.",
        },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "A signed-in browser session.",
        },
      },
      schemas: {
        ...Object.fromEntries(contracts.map((contract) => [contract.schemaName, jsonSchemaOf(contract.row)])),
        IngestResult: jsonSchemaOf(IngestResult, "output"),
        Error: jsonSchemaOf(ApiErrorBody, "output"),
      },
    },
  };
}

export type FieldDoc = { name: string; type: string; required: boolean; notes: string };

/** The fields of a JSON Schema object, in words, for the API docs page. */
export function describeFields(schema: JsonSchema): FieldDoc[] {
  return Object.entries(schema.properties ?? {}).map(([name, field]) => {
    const variants = field.anyOf ?? [field];
    const types = variants.flatMap((variant) => (variant.type === undefined ? [] : [variant.type].flat()));
    const main = variants.find((variant) => variant.type !== "null") ?? field;
    const notes = [
      main.enum ? `one of ${main.enum.join(", ")}` : "",
      main.format ? main.format : "",
      main.minimum !== undefined || main.maximum !== undefined
        ? `${main.minimum ?? "−∞"} to ${main.maximum ?? "∞"}`
        : "",
      main.maxLength !== undefined ? `${main.minLength ?? 0}–${main.maxLength} characters` : "",
      field.default !== undefined ? `default ${JSON.stringify(field.default)}` : "",
      field.description ?? main.description ?? "",
    ].filter(Boolean);
    const type = types.filter((t) => t !== "null").join(" or ") || "any";
    return {
      name,
      type: types.includes("null") ? `${type} or null` : type,
      required: schema.required?.includes(name) ?? false,
      notes: notes.join("; "),
    };
  });
}

/** A curl command that sends one example row to an endpoint. */
export function curlExample(contract: IngestContract<unknown>, baseUrl = "http://localhost:3000"): string {
  return [
    `curl -sS -X POST ${baseUrl}${contract.path} \\`,
    `  -H "Authorization: Bearer $DRIFTWATCH_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${JSON.stringify([contract.example])}'`,
  ].join("\n");
}
