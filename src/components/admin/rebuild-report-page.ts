// A rebuild step's report as a plain HTML answer to the dashboard's rebuild form: after a dry run,
// the button to rebuild for real; after a real step that did not finish, the button to continue
// from its cursor; after the last step, "done".
import { adminDocument, escapeHtml, htmlResponse } from "@/lib/http/admin-html";
import type { RebuildReport } from "@/lib/operations/rebuild-index";
import { rebuildReportRows } from "./rebuild-report";

function rebuildForm(opts: { csrf: string; dryRun: boolean; cursor?: string | null; label: string; danger?: boolean; testId: string }): string {
  return `<form method="post" action="/admin/actions/rebuild" class="inline">
<input type="hidden" name="csrf" value="${escapeHtml(opts.csrf)}">
<input type="hidden" name="dryRun" value="${opts.dryRun ? "true" : "false"}">
${opts.cursor ? `<input type="hidden" name="cursor" value="${escapeHtml(opts.cursor)}">` : ""}
<button type="submit" data-testid="${opts.testId}"${opts.danger ? ' class="danger"' : ""}>${escapeHtml(opts.label)}</button>
</form>`;
}

export function rebuildReportPage(report: RebuildReport, csrf: string, headers: Record<string, string> = {}): Response {
  const title = report.dryRun ? "Rebuild: dry run" : "Rebuild";
  const rows = rebuildReportRows(report)
    .map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join("\n");
  let next: string;
  if (report.dryRun) {
    next = `<p>Nothing was written. Run it for real to apply what the dry run found.</p>
${report.complete ? "" : rebuildForm({ csrf, dryRun: true, cursor: report.nextCursor, label: "Continue the dry run", testId: "rebuild-continue" })}
${rebuildForm({ csrf, dryRun: false, label: "Rebuild for real", danger: true, testId: "rebuild-real" })}`;
  } else if (!report.complete) {
    next = `<p data-testid="rebuild-status">One step done; the catalogue needs more (each step stays within one invocation's KV budget).</p>
${rebuildForm({ csrf, dryRun: false, cursor: report.nextCursor, label: "Continue the rebuild", danger: true, testId: "rebuild-continue" })}`;
  } else {
    next = `<p data-testid="rebuild-status"><strong>done</strong>: the index is rebuilt and Postgres backfilled.</p>`;
  }
  const body = `<h1>${escapeHtml(title)}</h1>
<table data-testid="rebuild-report" data-dry-run="${report.dryRun}" data-complete="${report.complete}"><tbody>
${rows}
</tbody></table>
${next}
<p><a href="/admin">Back to the dashboard</a></p>`;
  return htmlResponse(adminDocument(title, body), 200, headers);
}
