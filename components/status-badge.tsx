import type { CardStatus } from "@/lib/dashboard/type-card";

const CLASS: Record<CardStatus, string> = {
  OK: "status-ok",
  ALERT: "status-alert",
  "insufficient data": "status-thin",
  provisional: "status-provisional",
};

/** A drift status as a labelled badge; the text, not only the colour, carries the meaning. */
export function StatusBadge({ status }: { status: CardStatus }) {
  return <span className={`badge ${CLASS[status]}`}>{status}</span>;
}
