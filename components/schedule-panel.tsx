import { formatInZone, formatUtc } from "@/lib/format-utc";
import type { EngineStatus } from "@/lib/scheduling/engine-status";
import type { ScheduleView } from "@/lib/scheduling/load-schedules";

function EngineLine({ engine }: { engine: EngineStatus }) {
  switch (engine.kind) {
    case "none":
      return (
        <>
          <strong>No Inngest server configured:</strong> the schedules do not fire by themselves here; Run now
          and <code>npm run loop</code> run the same steps in-process.
        </>
      );
    case "dev":
      return engine.connected ? (
        <>
          <strong>Inngest dev server connected</strong> at {engine.url} ({engine.detail}): the schedules fire
          on time and Run now goes through it.
        </>
      ) : (
        <>
          <strong>Inngest dev server not connected</strong> at {engine.url}: it {engine.detail}. Nothing fires
          until it syncs this app.
        </>
      );
    default:
      return (
        <>
          <strong>{engine.kind === "cloud" ? "Inngest Cloud" : "Self-hosted Inngest"}</strong> ({engine.url})
          runs the schedules; its dashboard shows each run and step.
        </>
      );
  }
}

/** The labeling schedules: when each fires, what it labels, how its last run went, and who fires them. */
export function SchedulePanel({
  schedules,
  timezone,
  engine,
}: {
  schedules: ScheduleView[];
  timezone: string;
  engine: EngineStatus;
}) {
  return (
    <section className="panel" id="schedules" aria-labelledby="schedules-heading">
      <h2 id="schedules-heading">Schedules</h2>
      <p className="muted" data-testid="engine-status">
        <EngineLine engine={engine} />
      </p>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col">Runs</th>
              <th scope="col">Labels</th>
              <th scope="col">Next run (UTC)</th>
              <th scope="col">Next run, organisation time ({timezone})</th>
              <th scope="col">Last scheduled run</th>
            </tr>
          </thead>
          <tbody>
            {schedules.map((schedule) => (
              <tr key={schedule.window}>
                <th scope="row">{schedule.window}</th>
                <td>
                  {schedule.words} <code className="muted">{schedule.cron}</code>
                </td>
                <td>{schedule.types.length > 0 ? schedule.types.join(", ") : "no enabled rule"}</td>
                <td>{formatUtc(schedule.nextAt)}</td>
                <td>{formatInZone(schedule.nextAt, timezone)}</td>
                <td>
                  {schedule.lastRun ? (
                    <>
                      <span className={`badge badge-run-${schedule.lastRun.status.toLowerCase()}`}>
                        {schedule.lastRun.status}
                      </span>{" "}
                      {formatUtc(schedule.lastRun.startedAt, { zone: true })}
                      {schedule.lastRun.errorText && (
                        <div className="error-text">{schedule.lastRun.errorText}</div>
                      )}
                    </>
                  ) : (
                    <span className="muted">none yet</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
