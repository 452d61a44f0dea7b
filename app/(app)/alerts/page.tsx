import type { Metadata } from "next";
import { ComingSoon } from "@/components/coming-soon";
import { pageUser } from "@/lib/auth/page-user";
import { can } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "Alerts" };

export default async function AlertsPage() {
  const user = await pageUser("/alerts");
  return (
    <>
      <h1>Alerts</h1>
      <ComingSoon issue={6}>
        <p>
          Stored drift alerts with severity, state, finding, current against baseline values and who acknowledged them;
          filters, firing first, and the full timeline of every alert.{" "}
          {can(user.role, "alerts:act")
            ? "You will be able to acknowledge, resolve, snooze and comment."
            : "Your role (viewer) can read alerts; acknowledging needs the oncall or admin role."}
        </p>
      </ComingSoon>
    </>
  );
}
