import { serve } from "inngest/next";
import { createFunctions } from "@/inngest/functions";
import { inngest } from "@/inngest/client";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { channelConfigFromEnv } from "@/lib/notifications/channel-config";

// Inngest signs its requests; the SDK refuses unsigned ones unless INNGEST_DEV=1. Without either,
// it answers every request with an error, which is right: nothing should be able to drive the
// functions of a deployment that has no Inngest server.
const handler = serve({
  client: inngest,
  functions: createFunctions({ db, channels: () => channelConfigFromEnv(env()), clock: () => new Date() }),
});

export const { GET, POST, PUT } = handler;
