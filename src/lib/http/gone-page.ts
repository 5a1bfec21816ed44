/**
 * A delisted skill's page answers 410 Gone. The page renders the reason itself (app/skills/[name]);
 * Next cannot give a page a status of its own, so the worker sets it here from the skill's delist
 * marker, read alongside the render.
 */
import { delistingOf } from "../catalog/delisting";
import { tryGetKV } from "../platform/env";

const SKILL_PAGE = /^\/skills\/([^/]+)\/?$/;

export async function withGoneStatus(request: Request, render: () => Promise<Response>): Promise<Response> {
  const match = request.method === "GET" || request.method === "HEAD" ? SKILL_PAGE.exec(new URL(request.url).pathname) : null;
  if (!match) return render();
  let name = match[1]!;
  try {
    name = decodeURIComponent(name);
  } catch {
    return render(); // the page answers 404 for a name no skill can have
  }
  const [response, gone] = await Promise.all([render(), delistingOf(tryGetKV(), name).catch(() => null)]);
  if (!gone || response.status !== 200) return response;
  return new Response(response.body, { status: 410, statusText: "Gone", headers: response.headers });
}
