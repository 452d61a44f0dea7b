import { z } from "zod";

/** Raised when an environment variable is missing or malformed; names the variable. */
export class EnvError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
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

const optionalUrl = z
  .url()
  .optional()
  .or(z.literal("").transform(() => undefined));
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined));

/**
 * The scheduler and the notification channels (SPEC §5). Each channel is off while its variables
 * are unset; scripts that notify read just these (parseNotificationEnv) besides DATABASE_URL.
 */
export const NotificationEnvSchema = z.object({
  /** Public base URL used in links inside notifications; falls back to NEXTAUTH_URL. */
  DRIFTWATCH_PUBLIC_URL: optionalUrl,
  NEXTAUTH_URL: optionalUrl,
  SLACK_WEBHOOK_URL: optionalUrl,
  /** smtp://user:password@host:port or smtps://… */
  SMTP_URL: optionalUrl,
  ALERT_EMAIL_FROM: optionalText,
  /** Comma-separated recipients. */
  ALERT_EMAIL_TO: optionalText,
  PAGERDUTY_ROUTING_KEY: optionalText,
  PAGERDUTY_EVENTS_URL: z.url().default("https://events.pagerduty.com/v2/enqueue"),
  ALERT_WEBHOOK_URL: optionalUrl,
  ALERT_WEBHOOK_SECRET: optionalText,
  /** Inngest: with neither dev mode nor an event key, schedules run in-process (the demo). */
  INNGEST_DEV: flag,
  INNGEST_BASE_URL: optionalUrl,
  INNGEST_EVENT_KEY: optionalText,
  INNGEST_SIGNING_KEY: optionalText,
});
export type NotificationEnv = z.infer<typeof NotificationEnvSchema>;

function checkChannels(env: NotificationEnv, ctx: z.RefinementCtx) {
  if (env.SMTP_URL && (!env.ALERT_EMAIL_FROM || !env.ALERT_EMAIL_TO)) {
    ctx.addIssue({
      code: "custom",
      path: [env.ALERT_EMAIL_FROM ? "ALERT_EMAIL_TO" : "ALERT_EMAIL_FROM"],
      message: "is required when SMTP_URL is set",
    });
  }
  if (env.ALERT_EMAIL_TO) {
    const bad = env.ALERT_EMAIL_TO.split(",")
      .map((s) => s.trim())
      .find((address) => !z.email().safeParse(address).success);
    if (bad !== undefined)
      ctx.addIssue({ code: "custom", path: ["ALERT_EMAIL_TO"], message: `"${bad}" is not an email address` });
  }
  if (env.ALERT_WEBHOOK_URL && !env.ALERT_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["ALERT_WEBHOOK_SECRET"],
      message: "is required when ALERT_WEBHOOK_URL is set (the receiver verifies the signature with it)",
    });
  }
}

/** Every variable Driftwatch reads. `process.env` is read here and nowhere else. */
export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: postgresUrl,
    NEXTAUTH_SECRET: z.string().min(16, "must be at least 16 characters"),
    NEXTAUTH_URL: optionalUrl,
    /** Demo mode: the demo users exist and are listed on the sign-in page. */
    DRIFTWATCH_DEMO: flag,
    OIDC_ISSUER: optionalUrl,
    OIDC_CLIENT_ID: z.string().optional(),
    OIDC_CLIENT_SECRET: z.string().optional(),
    OIDC_NAME: z.string().default("Single sign-on"),
    /** Accept an OIDC email without `email_verified: true` (providers that only issue verified addresses but omit the claim). */
    OIDC_TRUST_UNVERIFIED_EMAIL: flag,
    /** How far in the future an ingested event time may be (clock skew between machines), in hours. */
    INGEST_MAX_FUTURE_HOURS: z.coerce
      .number()
      .min(0)
      .max(24 * 365)
      .default(24),
  })
  .extend(NotificationEnvSchema.shape)
  .superRefine((env, ctx) => {
    checkChannels(env, ctx);
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

type Source = Record<string, string | undefined>;

function parseWith<T>(schema: z.ZodType<T>, source: Source): T {
  const result = schema.safeParse(source);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue.path[0] ?? "environment");
    const detail =
      issue.code === "invalid_type" && source[variable] === undefined ? "is not set" : issue.message;
    throw new EnvError(variable, detail);
  }
  return result.data;
}

/** Parses an environment (defaults to process.env) and throws an EnvError naming the first bad variable. */
export function parseEnv(source: Source = process.env): Env {
  return parseWith(EnvSchema, source);
}

/** Only the scheduler and notification variables, for scripts (`npm run loop`). */
export function parseNotificationEnv(source: Source = process.env): NotificationEnv {
  return parseWith(NotificationEnvSchema.superRefine(checkChannels), source);
}

/**
 * Only DATABASE_URL, validated by the same rule, for scripts that need nothing else
 * (migrations, the feedback-loop script, the demo's choice of database).
 */
export function parseDatabaseUrl(source: Record<string, string | undefined> = process.env): string {
  const result = postgresUrl.safeParse(source.DATABASE_URL);
  if (!result.success)
    throw new EnvError(
      "DATABASE_URL",
      source.DATABASE_URL === undefined ? "is not set" : result.error.issues[0].message,
    );
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
