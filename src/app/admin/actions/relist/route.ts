// POST /admin/actions/relist — put a delisted skill back from the dashboard.
import { z } from "zod";
import { field, withAdminForm } from "@/lib/http/admin-form";
import { seeOther } from "@/lib/http/admin-html";
import { ApiError } from "@/lib/http/errors";
import { CATALOGUE_CHANGED_HEADER } from "@/lib/http/edge-cache";
import { relistAsOperator } from "@/lib/operations/admin-actions";
import { noticeLocation } from "@/app/admin/notices";

export const dynamic = "force-dynamic";

const nameSchema = z.string().min(1).max(200).regex(/^[^\u0000-\u001f\u007f]+$/);

export const POST = withAdminForm(async ({ form, session }) => {
  const name = nameSchema.safeParse(field(form, "name"));
  if (!name.success) return seeOther(noticeLocation("relist", "bad_request", ""));
  try {
    const result = await relistAsOperator(name.data, session.actor);
    return seeOther(noticeLocation("relist", "done", result.name), { [CATALOGUE_CHANGED_HEADER]: "1" }); // the worker entry purges the public caches
  } catch (err) {
    if (err instanceof ApiError) return seeOther(noticeLocation("relist", err.code, name.data));
    throw err;
  }
});

export function GET(): Response {
  return seeOther("/admin");
}
