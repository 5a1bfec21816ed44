// The built worker under wrangler dev (workerd): the marketplace API and pages over HTTP, and the
// page in headless Chromium (search narrows the listing), plus the cron and queue entry points.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { Browser } from "playwright-core";
import { SEED_SKILL_COUNT, SEED_SKILLS } from "@/lib/catalog/seed-data";
import { launchBrowser } from "../helpers/browser";

const base = inject("workerUrl");

describe("marketplace API (workerd)", () => {
  it("lists every seed skill (other e2e files may publish more) with a total and the source header", async () => {
    const res = await fetch(`${base}/api/v1/skills?limit=100`);
    expect(res.status).toBe(200);
    expect(res.headers.get("x-data-source")).toMatch(/^(prisma|kv-enumeration|kv-index|seed)$/);
    const body = (await res.json()) as { skills: { name: string }[]; total: number; page: number; limit: number };
    expect(body.total).toBeGreaterThanOrEqual(SEED_SKILL_COUNT);
    expect(body.skills).toHaveLength(100);
    const names = new Set<string>();
    for (let page = 1; page <= Math.ceil(body.total / 100); page++) {
      const p = (await (await fetch(`${base}/api/v1/skills?limit=100&page=${page}`)).json()) as typeof body;
      p.skills.forEach((s) => names.add(s.name));
    }
    expect(names.size).toBe(body.total);
    for (const seed of SEED_SKILLS) expect(names.has(seed.name), seed.name).toBe(true);
  });

  it("filters by search, category, tier and author", async () => {
    const get = async (qs: string) => (await (await fetch(`${base}/api/v1/skills?${qs}`)).json()) as { skills: { name: string; category: string; certTier: string; author: string }[]; total: number };
    const pdf = await get("search=pdf");
    expect(pdf.skills[0]!.name).toBe("pdf");
    const testing = await get("category=testing&limit=100");
    expect(testing.total).toBeGreaterThan(0);
    expect(testing.skills.every((s) => s.category === "testing")).toBe(true);
    const certified = await get("certTier=CERTIFIED&limit=100");
    expect(certified.skills.every((s) => s.certTier === "CERTIFIED")).toBe(true);
    const byAuthor = await get("author=anthropics&limit=100");
    expect(byAuthor.total).toBeGreaterThan(0);
    expect(byAuthor.skills.every((s) => s.author === "anthropics")).toBe(true);
  });

  it.each([
    ["page=0", "page: must be at least 1"],
    ["limit=abc", "limit: must be a number"],
    ["certTier=GOLD", "certTier: must be one of"],
    ["search=pdf%00", "search: must not contain control characters"],
    ["sortBy=hype", "sortBy: must be one of"],
  ])("answers bad input %s with a 400 and the reason", async (qs, reason) => {
    const res = await fetch(`${base}/api/v1/skills?${qs}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain(reason);
  });

  it("caps limit at 100", async () => {
    const body = (await (await fetch(`${base}/api/v1/skills?limit=1000`)).json()) as { limit: number; skills: unknown[] };
    expect(body.limit).toBe(100);
    expect(body.skills).toHaveLength(100);
  });

  it("serves one skill, 404s an unknown one, and lists categories", async () => {
    const one = await fetch(`${base}/api/v1/skills/frontend-design`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { name: string }).name).toBe("frontend-design");
    const missing = await fetch(`${base}/api/v1/skills/no-such-skill`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
    const cats = (await (await fetch(`${base}/api/v1/skills/categories`)).json()) as { category: string; count: number }[];
    expect(cats.length).toBeGreaterThanOrEqual(12);
    const total = ((await (await fetch(`${base}/api/v1/skills?limit=1`)).json()) as { total: number }).total;
    expect(cats.reduce((n, c) => n + c.count, 0)).toBe(total);
  });

  it("serves the detail page and a 404 page", async () => {
    const page = await fetch(`${base}/skills/pdf`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("https://github.com/anthropics/skills");
    expect((await fetch(`${base}/skills/no-such-skill`)).status).toBe(404);
  });

  it("runs the cron handler", async () => {
    const res = await fetch(`${base}/__scheduled?cron=${encodeURIComponent("0 * * * *")}`);
    expect(res.status).toBe(200);
  });
});

describe("marketplace page in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("loads the listing, searches, and shows the filtered result", async () => {
    const page = await browser.newPage();
    const total = ((await (await fetch(`${base}/api/v1/skills?limit=1`)).json()) as { total: number }).total;
    await page.goto(`${base}/`);
    expect(await page.getByTestId("total").textContent()).toBe(String(total));
    expect(await page.getByTestId("skill-card").count()).toBe(24);

    await page.getByRole("searchbox").fill("frontend-design");
    await Promise.all([page.waitForURL(/search=frontend-design/), page.getByRole("button", { name: "Apply" }).click()]);
    const names = await page.getByTestId("skill-card").evaluateAll((els) => els.map((e) => e.getAttribute("data-skill")));
    expect(names[0]).toBe("frontend-design");
    expect(Number(await page.getByTestId("total").textContent())).toBeLessThan(total);

    // A misspelt search is corrected against the catalogue's words, and the page says so.
    await page.getByRole("searchbox").fill("frontend-desing");
    await Promise.all([page.waitForURL(/search=frontend-desing/), page.getByRole("button", { name: "Apply" }).click()]);
    expect(await page.getByTestId("corrected").textContent()).toContain("showing results for “frontend design”");
    expect(await page.getByTestId("skill-card").first().getAttribute("data-skill")).toBe("frontend-design");

    await page.selectOption("select[name=category]", "testing");
    await page.getByRole("searchbox").fill("");
    await Promise.all([page.waitForURL(/category=testing/), page.getByRole("button", { name: "Apply" }).click()]);
    const categories = await page.locator("[data-testid=skill-card] .meta span:nth-child(2)").allTextContents();
    expect(categories.length).toBeGreaterThan(0);
    expect(new Set(categories)).toEqual(new Set(["testing"]));
    await page.close();
  });
});
