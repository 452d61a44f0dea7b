import Link from "next/link";
import { annotationScope } from "@/lib/annotations/annotation-words";
import type { AnnotationView } from "@/lib/annotations/annotations";

/**
 * The annotations written for the days of the alert quality page's period, every type's (issue 21),
 * so a run of "expected change" verdicts can be read beside the launch or outage that explains it.
 */
export function PeriodAnnotationsTable({
  annotations,
  from,
  to,
}: {
  annotations: readonly AnnotationView[];
  from: string;
  to: string;
}) {
  return (
    <section className="panel" aria-labelledby="quality-annotations-heading">
      <h2 id="quality-annotations-heading">Annotations</h2>
      <p className="muted small">
        Dated notes on a type from {from} to {to}, marked on the chart above at their week (✎). Analysts,
        on-call and admins write them on each type's drift page.
      </p>
      {annotations.length === 0 ? (
        <p className="empty">
          No annotation on a day from {from} to {to}.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="data" aria-label="Annotations of the period">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Type</th>
                <th scope="col">About</th>
                <th scope="col">Note</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {annotations.map((a) => (
                <tr key={a.id}>
                  <td>{a.day}</td>
                  <td>
                    <Link href={`/drift/${a.predictionType}`}>{a.predictionType}</Link>
                  </td>
                  <td>{annotationScope(a) || `all of ${a.predictionType}`}</td>
                  <td>{a.note}</td>
                  <td>{a.author ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
