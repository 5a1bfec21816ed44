/**
 * Paths are hostile input. A path segment that is not valid percent-encoding, or that decodes to
 * a NUL or another control character, can name no skill or submission: it is answered at the
 * worker's entry — 400 JSON on the API, a 404 page elsewhere — before Next's router (which would
 * answer a plain-text 500) or any database query sees it.
 */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The reason the path is unusable, or null when every segment decodes cleanly. */
export function malformedPathReason(pathname: string): string | null {
  // Nothing to decode (the common case): only a raw control character can be wrong.
  if (!pathname.includes("%")) return CONTROL.test(pathname) ? "path contains a control character" : null;
  for (const segment of pathname.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `path segment "${segment.slice(0, 40)}" is not valid percent-encoding`;
    }
    if (CONTROL.test(decoded)) return "path contains a control character";
  }
  return null;
}

const NOT_FOUND_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found — Skill Marketplace</title></head>
<body><h1>Skill not found</h1><p>There is no skill at this address. <a href="/skills">Browse all skills</a>.</p></body></html>`;

/** The answer for a malformed path, or null to let the request through. */
export function rejectMalformedPath(url: string | URL): Response | null {
  const { pathname } = typeof url === "string" ? new URL(url) : url;
  const reason = malformedPathReason(pathname);
  if (!reason) return null;
  if (pathname.startsWith("/api/")) {
    return Response.json({ error: { code: "bad_request", message: reason } }, { status: 400, headers: { "cache-control": "no-store" } });
  }
  return new Response(NOT_FOUND_PAGE, { status: 404, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}
