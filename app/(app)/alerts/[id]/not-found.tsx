import Link from "next/link";

/** /alerts/<an id no alert has>: inside the app's frame, with the way back to the inbox. */
export default function AlertNotFound() {
  return (
    <section className="panel">
      <h1>Alert not found</h1>
      <p className="muted">
        No alert has this id. The link may be mistyped, or it points to another Driftwatch.
      </p>
      <Link href="/alerts">Back to the alerts</Link>
    </section>
  );
}
