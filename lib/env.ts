import { z } from "zod";

/** Raised when an environment variable is missing or malformed; names the variable. */
export class EnvError extends Error {
  constructor(readonly variable: string, detail: string) {
    super(`Invalid environment variable ${variable}: ${detail}`);
    this.name = "EnvError";
  }
}

const postgresUrl = z
  .string()
  .min(1, "is empty")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname.length > 0;
    } catch {
      return false;
    }
  }, "must be a postgres:// or postgresql:// URL with a host");

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const optionalUrl = z.url().optional().or(z.literal("").transform(() => undefined));

/** Every variable Driftwatch reads. `process.env` is read here and nowhere else. */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: postgresUrl,
    NEXTAUTH_SECRET: z.string().min(16, "must be at least 16 characters"),
    NEXTAUTH_URL: optionalUrl,
    /** Demo mode: the three demo users exist and are listed on the sign-in page. */
    DRIFTWATCH_DEMO: flag,
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_NAME: z.string().default("Single sign-on"),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc !== 0 && oidc !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
      });
    }
  });
export type Env = z.infer<typeof EnvSchema>;

/** Parses an environment (defaults to process.env) and throws an EnvError naming the first bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? "environment");
    const detail = issue.code === "invalid_type" && source[variable] === undefined ? "is not set" : issue.message;
    throw new EnvError(variable, detail);
  }
  return result.data;
}

/**
 * Only DATABASE_URL, validated by the same rule, for scripts that need nothing else
 * (migrations, the feedback-loop script, the demo's choice of database).
 */
export function parseDatabaseUrl(source: Record<string, string | undefined> = process.env): string {
  const result = postgresUrl.safeParse(source.DATABASE_URL);
  if (!result.success) throw new EnvError("DATABASE_URL", source.DATABASE_URL === undefined ? "is not set" : result.error.issues[0].message);
  return result.data;
}

let cached: Env | undefined;

/**
 * The validated environment, parsed on first use. Lazy because Next.js evaluates modules during
 * `next build`, when no database is configured.
 */
export function env(): Env {
  cached ??= parseEnv();
  return cached;
}
