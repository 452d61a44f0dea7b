import Link from "next/link";

export default function ValidationOutcomeNotFound() {
  return (
    <section className="panel">
      <h1>Validation outcome not found</h1>
      <p className="muted">
        No validation outcome has this id. The link may be mistyped, or the outcome was never sent.
      </p>
      <Link href="/validation">Back to the validation failures</Link>
    </section>
  );
}
