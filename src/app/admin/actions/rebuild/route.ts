// POST /admin/actions/rebuild — the dashboard's rebuild-index: a dry run first, then for real; answers with the step's report.
import { z } from "zod";
import { rebuildReportPage } from "@/components/admin/rebuild-report-page";
import { field, withAdminForm } from "@/lib/http/admin-form";
import { messagePage, seeOther } from "@/lib/http/admin-html";
import { ApiError } from "@/lib/http/errors";
import { CATALOGUE_CHANGED_HEADER } from "@/lib/http/edge-cache";
import { startRebuild } from "@/lib/operations/admin-actions";

export const dynamic = "force-dynamic";

const formSchema = z.object({ dryRun: z.enum(["true", "false"]), cursor: z.string().max(2000).optional() });

export const POST = withAdminForm(async ({ form, session }) => {
  const parsed = formSchema.safeParse({ dryRun: field(form, "dryRun"), cursor: field(form, "cursor") || undefined });
  if (!parsed.success) return messagePage({ title: "Refused", message: "This rebuild form is not one the dashboard makes.", status: 400 });
  try {
    const dryRun = parsed.data.dryRun === "true";
    const started = await startRebuild({ dryRun, cursor: parsed.data.cursor, actor: session.actor });
    // A real step changes what public pages show: the worker entry purges the caches on this header.
    const changed: Record<string, string> = dryRun ? {} : { [CATALOGUE_CHANGED_HEADER]: "1" };
    if (started.kind === "job") return seeOther(`/admin/jobs/${encodeURIComponent(started.id)}`, changed);
    return rebuildReportPage(started.report, session.csrf, changed);
  } catch (err) {
    if (err instanceof ApiError) return messagePage({ title: "Rebuild refused", message: err.message, status: err.status });
    throw err;
  }
});

export function GET(): Response {
  return seeOther("/admin");
}
