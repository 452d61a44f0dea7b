import type { Db } from "@/lib/db";
import type { ChannelConfig } from "@/lib/notifications/channel-config";

/**
 * What the functions need from the outside, passed in so tests run them against their own
 * database, channels and clock.
 */
export type FunctionDeps = { db: () => Db; channels: () => ChannelConfig; clock: () => Date };
