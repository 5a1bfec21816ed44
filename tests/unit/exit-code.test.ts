// A failing test run must exit non-zero. The embedded Postgres package registers exit hooks, one
// of which called process.exit(0) when the event loop emptied, so `npm test` exited 0 with
// failed tests whenever the database tests' setup had loaded it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

describe("the exit code of a process that loads the embedded Postgres helper", () => {
  it("keeps the code the process set (a failed test run stays failed)", () => {
    const probe = spawnSync(process.execPath, ["--import", "tsx", "tests/fixtures/exit-code-probe.ts"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(probe.error).toBeUndefined();
    expect(probe.stderr).toBe("");
    expect(probe.status).toBe(3);
  });
});
