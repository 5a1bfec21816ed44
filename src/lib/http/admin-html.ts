/**
 * Plain HTML answers of the dashboard's route handlers (the sign-in form, a refused form post, a
 * rebuild report). Route handlers cannot render React, and these pages are small: one escaped
 * template each, a self-contained stylesheet in the dashboard's look, and headers that keep them
 * out of every cache and out of frames.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or an attribute value made safe for HTML. */
export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Headers of every dashboard answer: private, not stored, not framed, no referrer to elsewhere. */
export const ADMIN_SECURITY_HEADERS: Record<string, string> = {
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "same-origin",
  "x-content-type-options": "nosniff",
};

const STYLE = `
:root { --fg: #1d1f23; --muted: #5b616e; --line: #dde1e7; --accent: #2454c5; --bg: #fafbfc; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); line-height: 1.45; }
a { color: var(--accent); text-decoration: none; }
header { display: flex; gap: 1rem; align-items: baseline; padding: 0.9rem 1.5rem; border-bottom: 1px solid var(--line); background: #fff; }
header a { font-weight: 700; font-size: 1.15rem; color: var(--fg); }
header span { color: var(--muted); font-size: 0.9rem; }
main { max-width: 60rem; margin: 0 auto; padding: 1.25rem 1.5rem 3rem; }
form { display: grid; gap: 0.75rem; max-width: 36rem; }
form.inline { display: inline-block; margin-right: 0.5rem; }
label { display: grid; gap: 0.25rem; }
input, button { font: inherit; padding: 0.4rem 0.55rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
button.danger { background: #b00020; border-color: #b00020; }
.form-error { color: #b00020; }
.muted { color: var(--muted); }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; background: #fff; }
th, td { text-align: left; padding: 0.3rem 0.7rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; }
`;

/** A whole page in the dashboard's look. `body` must already be escaped HTML. */
export function adminDocument(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Skill Marketplace</title><style>${STYLE}</style></head>
<body><header><a href="/">Skill Marketplace</a><span>Operators' dashboard</span></header>
<main>${body}</main></body></html>`;
}

export function htmlResponse(html: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", ...ADMIN_SECURITY_HEADERS, ...headers } });
}

/** A short page that says why a form post was refused, with the way back. */
export function messagePage(opts: { title: string; message: string; status: number; back?: { href: string; label: string } }): Response {
  const back = opts.back ?? { href: "/admin", label: "Back to the dashboard" };
  const body = `<h1>${escapeHtml(opts.title)}</h1><p class="form-error" data-testid="admin-refusal">${escapeHtml(opts.message)}</p><p><a href="${escapeHtml(back.href)}">${escapeHtml(back.label)}</a></p>`;
  return htmlResponse(adminDocument(opts.title, body), opts.status);
}

/** A 303 to `location` (a path on this site): the browser follows it with a GET. */
export function seeOther(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 303, headers: { location, ...ADMIN_SECURITY_HEADERS, ...headers } });
}
