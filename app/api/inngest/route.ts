import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { createFunctions } from "@/inngest/functions";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { errorResponse } from "@/lib/http/api-handler";
import { channelConfigFromEnv } from "@/lib/notifications/channel-config";

// Inngest signs its requests; the SDK refuses unsigned ones unless INNGEST_DEV=1. Without either
// nothing may drive the functions of this deployment, and the endpoint answers 404 itself (the
// SDK would answer every request with a 500, which monitoring counts as a server fault).
const handler = serve({
  client: inngest,
  functions: createFunctions({ db, channels: () => channelConfigFromEnv(env()), clock: () => new Date() }),
});

type Handler = typeof handler.GET;
const whenConfigured = (serveIt: Handler): Handler =>
  ((...args: Parameters<Handler>) => {
    const { INNGEST_SIGNING_KEY, INNGEST_DEV } = env();
    if (!INNGEST_SIGNING_KEY && !INNGEST_DEV)
      return errorResponse(
        notFound("Inngest is not configured on this deployment (INNGEST_SIGNING_KEY is unset)."),
      );
    return serveIt(...args);
  }) as Handler;

export const GET = whenConfigured(handler.GET);
export const POST = whenConfigured(handler.POST);
export const PUT = whenConfigured(handler.PUT);
