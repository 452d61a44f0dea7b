import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";
import { pageUser } from "@/lib/auth/page-user";

export const metadata: Metadata = { title: "Drift" };

export default async function DriftPage() {
  await pageUser("/drift");
  return (
    <>
      <h1>Drift</h1>
      <ComingSoon issue={5}>
        <p>
          Per prediction type and model version: weekly accuracy with its Wilson band against the baseline and alert
          threshold, ECE and calibration-in-the-large, Brier score, reliability diagrams for any week, and label maturity
          (labeled / pending / excluded / indeterminate per cohort week), with a table and CSV export of the same numbers.
        </p>
      </ComingSoon>
    </>
  );
}
