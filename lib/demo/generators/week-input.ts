import type { Random } from "../../random";
import type { DemoChunk } from "../demo-rows";

/** What a per-type generator needs to produce one cohort week of one model version. */
export type WeekInput = {
  random: Random;
  weekStart: Date;
  /** 0 = oldest demo week. */
  weekIndex: number;
  now: Date;
  /** Weeks relative to the type's latest mature week (0 = it, negative = older). */
  offset: number;
  version: string;
  count: number;
  chunk: DemoChunk;
};

/** Prefix that keeps ids and subjects of one (version, week) unique and readable. */
export const weekKey = (input: WeekInput) => `${input.version}-${input.weekStart.toISOString().slice(0, 10)}`;
