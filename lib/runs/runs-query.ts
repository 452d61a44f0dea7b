import { z } from "zod";
import { PredictionTypeParam } from "../dashboard/drift-query";
import { RunStatus, ScheduleWindow } from "../generated/prisma/enums";

/** /runs and /api/runs: feedback-loop runs filtered by window, type and status. */
export const RunsQuery = z.object({
  window: z.enum(ScheduleWindow).optional(),
  type: PredictionTypeParam.optional(),
  status: z.enum(RunStatus).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type RunsQuery = z.infer<typeof RunsQuery>;
