// A long admin job's page body: its state, a progress bar fed by the job's progress, and, once it
// has ended, its report (or why it failed). While the job runs, the page reloads itself every two
// seconds (a meta refresh: no script), so the bar moves until the state is done or failed.
import type { AdminJob } from "@/lib/operations/admin-dashboard";
import { isRebuildReport, rebuildReportRows } from "./rebuild-report";

export const JOB_REFRESH_SECONDS = 2;

export function JobProgress({ job }: { job: AdminJob }) {
  const { processed, total } = job.progress;
  const known = typeof total === "number" && total > 0;
  const shownMax = known ? total : undefined;
  const shownValue = job.state === "done" ? (shownMax ?? 1) : known ? Math.min(processed, total) : undefined;
  const percent = job.state === "done" ? 100 : known ? Math.floor((Math.min(processed, total) / total) * 100) : null;
  return (
    <section data-testid="job" data-state={job.state}>
      {job.state === "running" ? <meta httpEquiv="refresh" content={String(JOB_REFRESH_SECONDS)} /> : null}
      <h1>
        {job.kind} <small className="muted">job {job.id}</small>
      </h1>
      <p>
        State: <strong data-testid="job-state">{job.state}</strong>
        {job.state === "running" ? <span className="muted"> (this page refreshes every {JOB_REFRESH_SECONDS} s)</span> : null}
      </p>
      <progress data-testid="job-progress" value={shownValue} max={shownMax ?? 1} aria-label="progress" />
      <p data-testid="job-progress-text">
        {processed.toLocaleString("en-US")}
        {known ? ` of ${total.toLocaleString("en-US")}` : ""} processed{percent !== null ? ` (${percent}%)` : ""}
      </p>
      {job.state === "failed" ? <p className="form-error" data-testid="job-error">Failed: {job.error ?? "see the audit log and the worker's logs"}</p> : null}
      {job.state === "done" && job.report !== undefined && job.report !== null ? (
        isRebuildReport(job.report) ? (
          <table data-testid="job-report" className="admin-table">
            <tbody>
              {rebuildReportRows(job.report).map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <pre data-testid="job-report">{JSON.stringify(job.report, null, 2)}</pre>
        )
      ) : null}
    </section>
  );
}
