// POST /admin/sign-out — end the dashboard session (the cookie is deleted; audited as `sign-out`); GET goes back to the dashboard.
import { withAdminForm, SIGN_IN_PATH } from "@/lib/http/admin-form";
import { clearedSessionCookie } from "@/lib/http/admin-session";
import { seeOther } from "@/lib/http/admin-html";
import { logEvent } from "@/lib/platform/log";
import { recordAudit } from "@/lib/operations/audit";

export const dynamic = "force-dynamic";

export const POST = withAdminForm(async ({ session }) => {
  await recordAudit({ actor: session.actor, action: "sign-out", target: null, params: {}, result: { ok: true } });
  logEvent("info", "admin_signed_out", { actor: session.actor });
  return seeOther(SIGN_IN_PATH, { "set-cookie": clearedSessionCookie() });
});

export function GET(): Response {
  return seeOther("/admin");
}
