import Link from "next/link";

export default function NotFound() {
  return (
    <main className="signin-page">
      <div className="panel signin-card">
        <h1>Page not found</h1>
        <p className="muted">
          There is nothing at this address. It may have moved, or the link may be mistyped.
        </p>
        <Link href="/">Back to the overview</Link>
      </div>
    </main>
  );
}
