// The dashboard's sign-in form as a plain HTML answer (the sign-in route handler renders it for
// GET, and again, with the reason and a 401/403, when a sign-in is refused).
import { adminDocument, escapeHtml, htmlResponse } from "@/lib/http/admin-html";

export function signInPage(opts: { message?: string; status?: number; headers?: Record<string, string> } = {}): Response {
  const error = opts.message ? `<p class="form-error" role="alert" data-testid="sign-in-error">${escapeHtml(opts.message)}</p>` : "";
  const body = `<h1>Sign in</h1>
<p class="muted">Operators sign in with the internal key (<code>INTERNAL_BROADCAST_KEY</code>) or an admin token with the SUPER_ADMIN role. The session lasts 30 minutes.</p>
${error}
<form method="post" action="/admin/sign-in" data-testid="sign-in-form">
<label>Internal key or admin token <input type="password" name="credential" autocomplete="off" required maxlength="4096" autofocus></label>
<button type="submit">Sign in</button>
</form>`;
  return htmlResponse(adminDocument("Sign in", body), opts.status ?? 200, opts.headers);
}
