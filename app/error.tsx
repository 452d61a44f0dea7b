"use client";

import { ErrorPanel } from "@/components/error-panel";

// Outside the signed-in shell, so it brings its own <main>.
export default function RootError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="main">
      <ErrorPanel {...props} />
    </main>
  );
}
