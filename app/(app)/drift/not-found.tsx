import { TypeLinks } from "@/components/type-links";
import { PredictionType } from "@/lib/generated/prisma/enums";

/** /drift/<something that is not a prediction type>. */
export default function DriftTypeNotFound() {
  return (
    <div className="panel" role="alert">
      <h1>No such prediction type</h1>
      <p className="muted">Drift pages exist for {Object.values(PredictionType).join(", ")}.</p>
      <TypeLinks />
    </div>
  );
}
