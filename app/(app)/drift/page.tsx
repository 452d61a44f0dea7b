import type { Metadata } from "next";
import { TypeLinks } from "@/components/type-links";
import { pageUser } from "@/lib/auth/page-user";

export const metadata: Metadata = { title: "Drift" };

export default async function DriftPage() {
  await pageUser("/drift");
  return (
    <>
      <h1>Drift</h1>
      <p className="muted">
        Per prediction type: weekly accuracy with its Wilson band against the baseline and alert threshold,
        calibration, Brier score, reliability diagrams and label maturity, with a table and CSV export of the
        same numbers.
      </p>
      <TypeLinks />
    </>
  );
}
