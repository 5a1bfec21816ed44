// POST /admin/actions/delist — take a skill down from the dashboard, with the reason its 410 page shows.
import { z } from "zod";
import { field, withAdminForm } from "@/lib/http/admin-form";
import { seeOther } from "@/lib/http/admin-html";
import { ApiError } from "@/lib/http/errors";
import { CATALOGUE_CHANGED_HEADER } from "@/lib/http/edge-cache";
import { DELIST_REASON_MAX } from "@/lib/catalog/kv/delisted";
import { delistAsOperator } from "@/lib/operations/admin-actions";
import { noticeLocation } from "@/app/admin/notices";

export const dynamic = "force-dynamic";

const formSchema = z.object({
  name: z.string().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]+$/),
  reason: z.string().min(1).max(DELIST_REASON_MAX),
});

export const POST = withAdminForm(async ({ form, session }) => {
  const parsed = formSchema.safeParse({ name: field(form, "name"), reason: field(form, "reason") });
  if (!parsed.success) return seeOther(noticeLocation("delist", "bad_request", field(form, "name")));
  try {
    const result = await delistAsOperator(parsed.data.name, parsed.data.reason, session.actor);
    return seeOther(noticeLocation("delist", "done", result.name), { [CATALOGUE_CHANGED_HEADER]: "1" }); // the worker entry purges the public caches
  } catch (err) {
    if (err instanceof ApiError) return seeOther(noticeLocation("delist", err.code, parsed.data.name));
    throw err;
  }
});

export function GET(): Response {
  return seeOther("/admin");
}
