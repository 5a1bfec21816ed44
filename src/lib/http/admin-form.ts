/**
 * The gate in front of every state-changing dashboard form (sign-out, rebuild, delist, relist):
 * 1. a valid session cookie (admin-session.ts), else 303 to the sign-in page (and the stale
 *    cookie deleted) — nothing runs;
 * 2. a same-origin post: an `Origin` header naming another site (or `null`), or a
 *    `Sec-Fetch-Site` other than same-origin, is refused with 403 whatever else the request has;
 * 3. the form's `csrf` field equal to the session's CSRF secret, else 403.
 * SameSite=Strict already keeps the cookie off cross-site posts in current browsers; the token
 * and the origin check hold without it. A request with no Origin at all (a non-browser client)
 * still needs the token, which only a page rendered for the session carries.
 */
import { getEnv } from "../platform/env";
import { logEvent } from "../platform/log";
import { clearedSessionCookie, csrfMatches, readSessionCookie, verifySession, type AdminSession } from "./admin-session";
import { messagePage, seeOther } from "./admin-html";

export const SIGN_IN_PATH = "/admin/sign-in";
/** Dashboard forms are a few fields; anything larger is not one of ours. */
const FORM_MAX_BYTES = 16 * 1024;

/** The valid session of a request (its cookie), or null. */
export async function sessionOf(req: Request): Promise<AdminSession | null> {
  return verifySession(readSessionCookie(req.headers.get("cookie")), { secret: getEnv().JWT_SECRET });
}

/** The origins a form of ours is posted from: the request's own, its Host's, and PUBLIC_ORIGIN. */
export function siteOrigins(req: Request): string[] {
  const url = new URL(req.url);
  const origins = [url.origin];
  const host = req.headers.get("host");
  if (host) origins.push(`${url.protocol}//${host}`);
  const configured = getEnv().PUBLIC_ORIGIN;
  if (configured) origins.push(configured);
  return origins.map((o) => o.toLowerCase());
}

/**
 * False for a post another site made: `Sec-Fetch-Site` present and not same-origin, or an
 * `Origin` that is not one of `origins` (`null` included). No Origin at all passes (the CSRF
 * token still has to match).
 */
export function isSameOriginPost(headers: Headers, origins: readonly string[]): boolean {
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return false;
  const origin = headers.get("origin");
  if (origin === null) return true;
  return origins.includes(origin.toLowerCase());
}

export interface AdminForm {
  req: Request;
  form: FormData;
  session: AdminSession;
}

/** The request's form fields, or null: not a form, or larger than any form of ours. */
export async function readForm(req: Request): Promise<FormData | null> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i.test(type)) return null;
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > FORM_MAX_BYTES) return null;
  try {
    return await req.formData();
  } catch {
    return null;
  }
}

/** A form field as trimmed text ("" when absent or a file). */
export function field(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
}

/** Wraps a dashboard form's POST handler with the session, origin and CSRF checks above. */
export function withAdminForm(handler: (f: AdminForm) => Promise<Response>): (req: Request) => Promise<Response> {
  return async (req) => {
    const path = new URL(req.url).pathname;
    try {
      const session = await sessionOf(req);
      if (!session) {
        const hadCookie = readSessionCookie(req.headers.get("cookie")) !== null;
        logEvent("warn", "admin_form_refused", { path, reason: hadCookie ? "invalid-session" : "no-session" });
        return seeOther(SIGN_IN_PATH, hadCookie ? { "set-cookie": clearedSessionCookie() } : {});
      }
      if (!isSameOriginPost(req.headers, siteOrigins(req))) {
        logEvent("warn", "admin_form_refused", { path, reason: "cross-origin", origin: req.headers.get("origin"), actor: session.actor });
        return messagePage({ title: "Refused", message: "This form was posted from another site, so it was not run.", status: 403 });
      }
      const form = await readForm(req);
      if (!form) {
        return messagePage({ title: "Refused", message: "This request is not a dashboard form.", status: 400 });
      }
      if (!csrfMatches(session, form.get("csrf"))) {
        logEvent("warn", "admin_form_refused", { path, reason: "csrf", actor: session.actor });
        return messagePage({ title: "Refused", message: "This form is stale or was not made by the dashboard (its CSRF token does not match your session). Reload the dashboard and try again.", status: 403 });
      }
      return await handler({ req, form, session });
    } catch (err) {
      const requestId = crypto.randomUUID();
      logEvent("error", "admin_form_failed", { path, requestId, error: String((err as Error)?.stack ?? err) });
      return messagePage({ title: "Failed", message: `The action failed unexpectedly (request ${requestId}); see the logs.`, status: 500 });
    }
  };
}
