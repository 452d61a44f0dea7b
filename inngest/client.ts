import { Inngest } from "inngest";

/**
 * The Inngest client. It reads INNGEST_DEV, INNGEST_BASE_URL, INNGEST_EVENT_KEY and
 * INNGEST_SIGNING_KEY itself (validated with the rest in lib/env.ts).
 */
export const inngest = new Inngest({ id: "driftwatch" });
