// Malformed paths are client errors: 400 JSON on the API, a 404 page elsewhere, never a 500.
import { describe, expect, it } from "vitest";
import { malformedPathReason, rejectMalformedPath } from "@/lib/http/path-guard";

describe("rejectMalformedPath", () => {
  it.each(["/api/v1/skills/%", "/api/v1/skills/%00", "/api/v1/submissions/%", "/api/v1/skills/a%E0%A4%A", "/api/v1/skills/%0A"])("%s: 400 JSON with the reason", async (path) => {
    const res = rejectMalformedPath(`http://localhost${path}`)!;
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toMatch(/percent-encoding|control character/);
  });

  it.each(["/skills/%E0%A4%A", "/skills/%", "/skills/%00"])("%s: a 404 page", async (path) => {
    const res = rejectMalformedPath(`http://localhost${path}`)!;
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
  });

  it.each(["/", "/skills/pdf", "/api/v1/skills/caf%C3%A9", "/api/v1/skills?search=%25"])("lets %s through", (path) => {
    expect(rejectMalformedPath(`http://localhost${path}`)).toBeNull();
  });

  it("finds a raw control character in a path with nothing to decode", () => {
    expect(malformedPathReason("/skills/a\u0001b")).toMatch(/control character/);
    expect(malformedPathReason("/skills/a\u007fb")).toMatch(/control character/);
    expect(malformedPathReason("/skills/plain-name")).toBeNull();
  });

  it("takes a parsed URL as well", () => {
    expect(rejectMalformedPath(new URL("http://localhost/api/v1/skills/%00"))!.status).toBe(400);
    expect(rejectMalformedPath(new URL("http://localhost/api/v1/skills"))).toBeNull();
  });

  it("names the bad segment", () => {
    expect(malformedPathReason("/a/%zz")).toMatch(/"%zz" is not valid percent-encoding/);
  });
});
