import { describeReference } from "@/lib/drift/finding-words";
import type { SaveSettingsState } from "@/lib/http/form-state";
import type { ReferencePeriodRow } from "@/lib/settings/list-reference-periods";
import { ClearReferenceButton } from "./clear-reference-button";
import { ReferencePeriodForm } from "./reference-period-form";

type Action = (state: SaveSettingsState, form: FormData) => Promise<SaveSettingsState>;
type Props = {
  references: ReferencePeriodRow[];
  /** Admins see the pin form and the clear buttons; everyone else reads the table. */
  admin: boolean;
  /** The default reference: the first `weeks` mature weeks with at least `minLabels` labels. */
  defaults: { weeks: number; minLabels: number };
  pin: Action;
  clear: Action;
};

/** Settings → Reference periods: each model version's reference as the latest analysis used it, its pin, and (admins) the form. */
export function ReferencePeriodsPanel({ references, admin, defaults, pin, clear }: Props) {
  return (
    <section className="panel" aria-labelledby="references-heading">
      <h2 id="references-heading">Reference periods</h2>
      <p className="muted small">
        Each model version&apos;s current weeks are compared with its reference period (lasting degradation)
        and with its recent weeks (sudden change). By default the reference is its first {defaults.weeks}{" "}
        mature weeks with at least {defaults.minLabels} labels; an admin can pin another range of weeks (a
        week is named by its Monday; any day stands for its week).
      </p>
      <table className="data" aria-label="Reference periods">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Version</th>
            <th scope="col">Latest analysis</th>
            <th scope="col">Pinned</th>
            {admin && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {references.map((row) => (
            <tr key={`${row.predictionType}|${row.modelVersion}`}>
              <td>{row.predictionType}</td>
              <td>{row.modelVersion}</td>
              <td>{describeReference(row.used)}</td>
              <td>{row.pin ? `${row.pin.from} – ${row.pin.to}` : "no (default)"}</td>
              {admin && (
                <td>
                  {row.pin && (
                    <ClearReferenceButton model={`${row.predictionType}|${row.modelVersion}`} clear={clear} />
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {admin && references.length > 0 && (
        <ReferencePeriodForm
          models={references.map((row) => ({
            value: `${row.predictionType}|${row.modelVersion}`,
            label: `${row.predictionType} ${row.modelVersion}`,
          }))}
          pin={pin}
        />
      )}
    </section>
  );
}
