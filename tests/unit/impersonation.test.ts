// Names nobody can fake: a seed skill's name or display name, however disguised, is refused for
// anyone but that seed skill's owner.
import { describe, expect, it } from "vitest";
import { findSeedSkill } from "@/lib/catalog/seed-data";
import { impersonatedSeed } from "@/lib/submissions/impersonation";

const pdf = findSeedSkill("pdf")!;

describe("impersonatedSeed", () => {
  it.each([
    ["the slug itself", "pdf"],
    ["upper case", "PDF"],
    ["fullwidth letters", "ｐｄｆ"],
    ["Cyrillic look-alikes", "\u0440df"],
    ["a zero-width space inside", "p\u200bdf"],
    ["the display name", pdf.displayName],
  ])("%s from another owner is refused", (_, name) => {
    expect(impersonatedSeed([name], "https://github.com/mallory/tools")?.name).toBe("pdf");
  });

  it("the seed skill's own owner may publish it", () => {
    expect(impersonatedSeed(["pdf"], pdf.repoUrl)).toBeNull();
  });

  it("an unrelated name passes", () => {
    expect(impersonatedSeed(["pdf-invoice-splitter"], "https://github.com/mallory/tools")).toBeNull();
  });
});
