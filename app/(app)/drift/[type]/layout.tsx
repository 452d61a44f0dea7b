import { notFound } from "next/navigation";
import { PredictionTypeParam } from "@/lib/dashboard/drift-query";

/**
 * An unknown type is refused here, above the page's loading skeleton: once the skeleton streams,
 * the answer is already a 200, and a mistyped link must be a 404 (drift/not-found.tsx says why).
 */
export default async function DriftTypeLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ type: string }>;
}) {
  const { type } = await params;
  if (!PredictionTypeParam.safeParse(type).success) notFound();
  return children;
}
