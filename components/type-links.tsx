import Link from "next/link";
import { PredictionType } from "@/lib/generated/prisma/enums";

/** A link to the drift page of every prediction type. */
export function TypeLinks() {
  return (
    <ul className="type-links">
      {Object.values(PredictionType).map((type) => (
        <li key={type}>
          <Link href={`/drift/${type}`}>{type}</Link>
        </li>
      ))}
    </ul>
  );
}
