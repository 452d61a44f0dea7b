import Link from "next/link";
import { ValidationBadge } from "./validation-badge";

type OutcomeSummary = {
  id: string;
  estimateId: string;
  outcomeType: string;
  treatmentVariable: string;
  outcomeVariable: string;
};

/** The table cells every list of outcomes shows: the estimate (a link to its page), the outcome type and the pair. */
export function OutcomeSummaryCells({ outcome }: { outcome: OutcomeSummary }) {
  return (
    <>
      <td>
        <Link href={`/validation/${outcome.id}`}>{outcome.estimateId}</Link>
      </td>
      <td>
        <ValidationBadge value={outcome.outcomeType} />
      </td>
      <td>
        {outcome.treatmentVariable} → {outcome.outcomeVariable}
      </td>
    </>
  );
}
