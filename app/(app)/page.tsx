import { ComingSoon } from "@/components/coming-soon";
import { pageUser } from "@/lib/auth/page-user";
import { db } from "@/lib/db";
import { countPredictionsByType } from "@/lib/inventory/count-predictions-by-type";

export const dynamic = "force-dynamic";

export default async function OverviewPage() {
  await pageUser("/");
  const inventory = await countPredictionsByType(db());
  return (
    <>
      <h1>Overview</h1>
      <p className="muted">Times are in UTC.</p>
      <ComingSoon issue={5}>
        <p>
          One card per prediction type: the latest mature week&apos;s accuracy with its interval, ECE, Brier score, label
          coverage, a status badge and a trend line, each linking to its drift page.
        </p>
      </ComingSoon>
      <section className="panel" aria-labelledby="inventory-heading">
        <h2 id="inventory-heading">Predictions loaded</h2>
        {inventory.length === 0 ? (
          <p className="empty">No predictions yet. Models send them to the ingestion API (issue #8).</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col" className="num">Predictions</th>
                <th scope="col" className="num">Pending</th>
                <th scope="col" className="num">Labeled</th>
                <th scope="col">Model versions</th>
              </tr>
            </thead>
            <tbody>
              {inventory.map((row) => (
                <tr key={row.predictionType}>
                  <td>{row.predictionType}</td>
                  <td className="num">{row.total.toLocaleString("en-US")}</td>
                  <td className="num">{row.pending.toLocaleString("en-US")}</td>
                  <td className="num">{(row.total - row.pending).toLocaleString("en-US")}</td>
                  <td>{row.modelVersions.join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
