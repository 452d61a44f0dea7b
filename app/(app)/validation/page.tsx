import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";
import { pageUser } from "@/lib/auth/page-user";

export const metadata: Metadata = { title: "Validation" };

export default async function ValidationPage() {
  await pageUser("/validation");
  return (
    <>
      <h1>Validation</h1>
      <ComingSoon issue={7}>
        <p>
          Causal-estimate refutation results: recent failures, failure patterns by category and test, and similar past
          failures for a treatment / outcome pair, so the same mistake is not made twice.
        </p>
      </ComingSoon>
    </>
  );
}
