import type { Metadata } from "next";
import Link from "next/link";
import { pageUser } from "@/lib/auth/page-user";
import { PredictionType } from "@/lib/generated/prisma/enums";

export const metadata: Metadata = { title: "Drift" };

export default async function DriftPage() {
  await pageUser("/drift");
  return (
    <>
      <h1>Drift</h1>
      <p className="muted">
        Per prediction type: weekly accuracy with its Wilson band against the baseline and alert threshold, calibration, Brier score, reliability
        diagrams and label maturity, with a table and CSV export of the same numbers.
      </p>
      <ul className="type-links">
        {Object.values(PredictionType).map((type) => (
          <li key={type}>
            <Link href={`/drift/${type}`}>{type}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}
