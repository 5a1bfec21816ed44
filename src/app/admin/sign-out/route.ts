// POST /admin/sign-out — end the dashboard session (the cookie is deleted); GET goes back to the dashboard.
import { withAdminForm, SIGN_IN_PATH } from "@/lib/http/admin-form";
import { clearedSessionCookie } from "@/lib/http/admin-session";
import { seeOther } from "@/lib/http/admin-html";
import { logEvent } from "@/lib/platform/log";

export const dynamic = "force-dynamic";

export const POST = withAdminForm(async ({ session }) => {
  logEvent("info", "admin_signed_out", { actor: session.actor });
  return seeOther(SIGN_IN_PATH, { "set-cookie": clearedSessionCookie() });
});

export function GET(): Response {
  return seeOther("/admin");
}
