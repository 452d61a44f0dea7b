import { describe, expect, it } from "vitest";
import { EnvError, parseDatabaseUrl, parseEnv } from "@/lib/env";

const valid = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/driftwatch",
  NEXTAUTH_SECRET: "0123456789abcdef0123",
};

const failures = [
  {
    name: "DATABASE_URL unset",
    env: { ...valid, DATABASE_URL: undefined },
    message: "Invalid environment variable DATABASE_URL: is not set",
  },
  {
    name: "DATABASE_URL not a URL",
    env: { ...valid, DATABASE_URL: "localhost:5432/db" },
    message:
      "Invalid environment variable DATABASE_URL: must be a postgres:// or postgresql:// URL with a host",
  },
  {
    name: "DATABASE_URL of another database",
    env: { ...valid, DATABASE_URL: "mysql://root@localhost/db" },
    message:
      "Invalid environment variable DATABASE_URL: must be a postgres:// or postgresql:// URL with a host",
  },
  {
    name: "NEXTAUTH_SECRET too short",
    env: { ...valid, NEXTAUTH_SECRET: "short" },
    message: "Invalid environment variable NEXTAUTH_SECRET: must be at least 16 characters",
  },
  {
    name: "half an OIDC configuration",
    env: { ...valid, OIDC_ISSUER: "https://id.example.com" },
    message:
      "Invalid environment variable OIDC_ISSUER: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
  },
  {
    name: "a demo flag that is not a flag",
    env: { ...valid, DRIFTWATCH_DEMO: "yes" },
    variable: "DRIFTWATCH_DEMO",
  },
  {
    name: "SMTP without a sender",
    env: { ...valid, SMTP_URL: "smtp://mail:25", ALERT_EMAIL_TO: "a@b.co" },
    message: "Invalid environment variable ALERT_EMAIL_FROM: is required when SMTP_URL is set",
  },
  {
    name: "SMTP without recipients",
    env: { ...valid, SMTP_URL: "smtp://mail:25", ALERT_EMAIL_FROM: "dw@b.co" },
    message: "Invalid environment variable ALERT_EMAIL_TO: is required when SMTP_URL is set",
  },
  {
    name: "a recipient that is not an address",
    env: {
      ...valid,
      SMTP_URL: "smtp://mail:25",
      ALERT_EMAIL_FROM: "dw@b.co",
      ALERT_EMAIL_TO: "a@b.co, oncall",
    },
    message: 'Invalid environment variable ALERT_EMAIL_TO: "oncall" is not an email address',
  },
  {
    name: "a webhook without its secret",
    env: { ...valid, ALERT_WEBHOOK_URL: "https://hooks.example.com/dw" },
    message:
      "Invalid environment variable ALERT_WEBHOOK_SECRET: is required when ALERT_WEBHOOK_URL is set (the receiver verifies the signature with it)",
  },
  {
    name: "a Slack URL that is not a URL",
    env: { ...valid, SLACK_WEBHOOK_URL: "hooks.slack.com/x" },
    variable: "SLACK_WEBHOOK_URL",
  },
];

describe("parseEnv", () => {
  it.each(failures)("rejects $name, naming the variable", ({ env, message, variable }) => {
    let thrown: unknown;
    try {
      parseEnv(env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(EnvError);
    if (message) expect((thrown as EnvError).message).toBe(message);
    if (variable) expect((thrown as EnvError).variable).toBe(variable);
  });

  it("accepts a minimal environment with defaults", () => {
    const env = parseEnv(valid);
    expect(env.DRIFTWATCH_DEMO).toBe(false);
    expect(env.NODE_ENV).toBe("development");
    expect(env.OIDC_NAME).toBe("Single sign-on");
  });

  it("reads the demo flag", () => {
    expect(parseEnv({ ...valid, DRIFTWATCH_DEMO: "1" }).DRIFTWATCH_DEMO).toBe(true);
  });
});

describe("parseDatabaseUrl", () => {
  it("returns a valid URL without needing the app's other variables", () => {
    expect(parseDatabaseUrl({ DATABASE_URL: valid.DATABASE_URL })).toBe(valid.DATABASE_URL);
  });
  it.each([
    { name: "unset", source: {}, message: "Invalid environment variable DATABASE_URL: is not set" },
    {
      name: "malformed",
      source: { DATABASE_URL: "localhost:5432/db" },
      message:
        "Invalid environment variable DATABASE_URL: must be a postgres:// or postgresql:// URL with a host",
    },
  ])("names DATABASE_URL when it is $name", ({ source, message }) => {
    expect(() => parseDatabaseUrl(source)).toThrow(message);
  });
});
