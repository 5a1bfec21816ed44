// GET/POST /admin/sign-in — the dashboard's sign-in form, and signing in with the internal key or a SUPER_ADMIN token.
import { signInPage } from "@/components/admin/sign-in-page";
import { clearedSessionCookie, readSessionCookie, sessionCookie } from "@/lib/http/admin-session";
import { field, isSameOriginPost, readForm, sessionOf, siteOrigins } from "@/lib/http/admin-form";
import { seeOther } from "@/lib/http/admin-html";
import { signIn } from "@/lib/http/admin-sign-in";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  if (await sessionOf(req)) return seeOther("/admin");
  const stale = readSessionCookie(req.headers.get("cookie")) !== null;
  return signInPage(stale ? { headers: { "set-cookie": clearedSessionCookie() } } : {});
}

export async function POST(req: Request): Promise<Response> {
  if (!isSameOriginPost(req.headers, siteOrigins(req))) {
    return signInPage({ status: 403, message: "This sign-in was posted from another site, so it was refused." });
  }
  const form = await readForm(req);
  const result = await signIn(form ? field(form, "credential") : "", new URL(req.url));
  if (!result.ok) return signInPage({ status: result.status, message: result.message });
  return seeOther("/admin", { "set-cookie": sessionCookie(result.token, result.session) });
}
