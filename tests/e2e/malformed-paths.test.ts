// Malformed paths against the built worker: client errors, never a plain-text 500.
import { describe, expect, inject, it } from "vitest";

const base = inject("workerUrl");

describe("malformed paths (workerd)", () => {
  it.each(["/api/v1/skills/%", "/api/v1/skills/%00", "/api/v1/submissions/%", "/api/v1/skills/%E0%A4%A"])("%s answers 400 JSON", async (path) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_request");
  });

  it.each(["/skills/%E0%A4%A", "/skills/%", "/skills/%00"])("%s answers a 404 page", async (path) => {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
  });
});
