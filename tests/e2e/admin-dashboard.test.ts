// Issue 13, the operators' dashboard, in the built worker (workerd, local KV, queue and Postgres)
// and headless Chromium: sign-in (a wrong key refused with 401), the session cookie's flags as the
// browser keeps them, the chart drawn, a dry-run rebuild then a real one with their reports,
// delisting a published skill from the page (its API answers 410) and relisting it, sign-out; and
// the admin auth attack list (no credentials, a forged cookie, an expired session, a REVIEWER
// token) reaches no /admin page and no /admin action.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { signAdminToken } from "@/lib/http/auth";
import { SESSION_COOKIE, signSession } from "@/lib/http/admin-session";
import { launchBrowser } from "../helpers/browser";
import { waitForSubmission } from "../helpers/submissions-e2e";

const base = inject("workerUrl");
const github = inject("fakeGithubUrl");
const internalKey = inject("internalKey");
const jwtSecret = inject("jwtSecret");
const SKILL = "harbor-tidewatch";

const skillStatus = async () => (await fetch(`${base}/api/v1/skills/${SKILL}`)).status;

/** The cookie and header variants of the attack list, none of which is a dashboard session. */
async function attackList(): Promise<[string, Record<string, string>][]> {
  const now = Math.floor(Date.now() / 1000);
  const expired = await signSession({ secret: jwtSecret, actor: "internal-key", via: "internal-key", now: now - 3600 });
  const reviewer = await signAdminToken({ secret: jwtSecret, email: "reviewer@example.com", role: "REVIEWER" });
  const superAdmin = await signAdminToken({ secret: jwtSecret, email: "ops@example.com", role: "SUPER_ADMIN" });
  const forged = await signSession({ secret: "not-the-deployment-secret", actor: "internal-key", via: "internal-key" });
  return [
    ["no credentials", {}],
    ["a forged cookie (garbage)", { cookie: `${SESSION_COOKIE}=not.a.session` }],
    ["a forged cookie (signed with another secret)", { cookie: `${SESSION_COOKIE}=${forged.token}` }],
    ["an expired session", { cookie: `${SESSION_COOKIE}=${expired.token}` }],
    ["a REVIEWER token as the cookie", { cookie: `${SESSION_COOKIE}=${reviewer}` }],
    ["a REVIEWER token as a bearer", { authorization: `Bearer ${reviewer}` }],
    ["a SUPER_ADMIN API token as the cookie", { cookie: `${SESSION_COOKIE}=${superAdmin}` }],
    ["the internal key as a header (the API's credential, not a session)", { "x-internal-key": internalKey }],
  ];
}

const toSignIn = (res: Response) => [303, 307].includes(res.status) && /\/admin\/sign-in$/.test(res.headers.get("location") ?? "");

describe("the operators' dashboard (workerd + Chromium)", () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    const put = await fetch(`${github}/__fake/files/e2e-dash/tools/SKILL.md`, {
      method: "PUT",
      body: "---\nname: Harbor Tidewatch\ndescription: Reads harbour tide tables and berth schedules and writes the week's safe docking windows for each vessel class.\n---\nRead the tide tables and write the docking windows.\n",
    });
    expect(put.status).toBe(204);
    const res = await fetch(`${base}/api/v1/submissions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-internal-key": internalKey },
      body: JSON.stringify({ repoUrl: "https://github.com/e2e-dash/tools", skillName: SKILL }),
    });
    const { id } = (await res.json()) as { id: string };
    expect(await waitForSubmission(base, id, ["PUBLISHED", "FAILED", "REJECTED"])).toMatchObject({ state: "PUBLISHED", publishedAs: SKILL });
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("sends a visitor without a session to the sign-in page, and refuses a wrong key with 401", async () => {
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe("/admin/sign-in");
    await page.locator("input[name=credential]").fill("not-the-key");
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/admin/sign-in"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    expect(refused.status()).toBe(401);
    await expect(page.getByTestId("sign-in-error").textContent()).resolves.toContain("Wrong key or token");
    expect((await context.cookies()).filter((c) => c.name === SESSION_COOKIE)).toEqual([]);
  });

  it("refuses a REVIEWER token at sign-in (403)", async () => {
    await page.locator("input[name=credential]").fill(await signAdminToken({ secret: jwtSecret, email: "reviewer@example.com", role: "REVIEWER" }));
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/admin/sign-in"),
      page.getByRole("button", { name: "Sign in" }).click(),
    ]);
    expect(refused.status()).toBe(403);
    await expect(page.getByTestId("sign-in-error").textContent()).resolves.toContain("needs SUPER_ADMIN");
  });

  it("signs in with the internal key: the cookie is httpOnly, Secure, SameSite=Strict, Path=/, 30 minutes; the dashboard and its chart are drawn", async () => {
    await page.locator("input[name=credential]").fill(internalKey);
    await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole("button", { name: "Sign in" }).click()]);
    const cookies = (await context.cookies(base)).filter((c) => c.name === SESSION_COOKIE);
    expect(cookies).toHaveLength(1);
    const [cookie] = cookies;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/", domain: "127.0.0.1" });
    const lifetime = cookie!.expires - Date.now() / 1000;
    expect(lifetime).toBeGreaterThan(1800 - 120);
    expect(lifetime).toBeLessThanOrEqual(1800 + 5);
    expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE); // httpOnly: script cannot read it

    await expect(page.getByTestId("admin-actor").textContent()).resolves.toBe("internal-key");
    const chart = page.getByTestId("counts-chart");
    expect(await chart.evaluate((el) => el.tagName.toLowerCase())).toBe("svg");
    expect(await chart.isVisible()).toBe(true);
    const snapshots = Number(await chart.getAttribute("data-snapshots"));
    if (snapshots === 0) await expect(page.getByTestId("chart-empty").textContent()).resolves.toBe("no snapshots yet");
    else expect(await chart.locator("polyline, circle").count()).toBeGreaterThan(0);
    expect(await page.getByTestId("x-axis").locator("text").count()).toBeGreaterThanOrEqual(7);
    expect(Number((await page.locator('[data-store="kv_enumerated"]').textContent())!.replace(/\D/g, ""))).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId("recommendations").isVisible()).toBe(true);
    expect(await page.getByTestId("submission-states").isVisible()).toBe(true);
    expect(await page.getByTestId("audit-entries").locator('tr[data-action="sign-in"]').count()).toBeGreaterThanOrEqual(1);

    const res = await page.goto(`${base}/admin`);
    expect(res!.status()).toBe(200);
    const headers = res!.headers();
    expect(headers["cache-control"]).toBe("no-store");
    expect(headers["x-frame-options"]).toBe("DENY");
  });

  it("rebuild: a dry run shows its report, then the real run shows its report and 'done'", async () => {
    await Promise.all([page.waitForURL(`${base}/admin/actions/rebuild`), page.getByTestId("rebuild-dry-run").click()]);
    const dry = page.getByTestId("rebuild-report");
    expect(await dry.getAttribute("data-dry-run")).toBe("true");
    expect(await dry.textContent()).toContain("dry run (nothing written)");
    await page.getByTestId("rebuild-real").click();
    await page.locator('[data-testid=rebuild-report][data-dry-run="false"]').waitFor();
    // A large catalogue takes more than one step (each within one invocation's KV budget).
    for (let step = 0; (await page.getByTestId("rebuild-report").getAttribute("data-complete")) !== "true"; step++) {
      expect(step).toBeLessThan(10);
      const shown = await page.getByTestId("rebuild-report").elementHandle();
      await page.getByTestId("rebuild-continue").click();
      await shown!.waitForElementState("hidden"); // the next step's page replaced it
    }
    await expect(page.getByTestId("rebuild-status").textContent()).resolves.toContain("done");
    expect(await page.getByTestId("rebuild-report").textContent()).toContain("for real");
  });

  it("delists a published skill from the page (its API answers 410), then relists it", async () => {
    await page.goto(`${base}/admin`);
    expect(await skillStatus()).toBe(200);
    const form = page.getByTestId("delist-form");
    await form.locator("input[name=name]").fill(SKILL);
    await form.locator("input[name=reason]").fill("Reported by the harbour authority");
    await Promise.all([page.waitForURL(/\/admin\?notice=delist-done/), page.getByTestId("delist-submit").click()]);
    await expect(page.getByTestId("admin-notice").textContent()).resolves.toContain(`Delisted “${SKILL}”`);
    expect(await skillStatus()).toBe(410);
    const row = page.locator(`[data-testid=delisted] tr[data-skill="${SKILL}"]`);
    expect(await row.textContent()).toContain("Reported by the harbour authority");

    await Promise.all([page.waitForURL(/\/admin\?notice=relist-done/), row.getByTestId("relist-submit").click()]);
    expect(await skillStatus()).toBe(200);
    const actions = await page.getByTestId("audit-entries").locator("tr[data-action]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions.slice(0, 2)).toEqual(["relist", "delist"]);
  });

  it("refuses a form post from another origin or without the page's CSRF token, even with the session cookie", async () => {
    await page.goto(`${base}/admin`);
    const cookie = (await context.cookies(base)).find((c) => c.name === SESSION_COOKIE)!;
    const csrf = await page.getByTestId("delist-form").locator("input[name=csrf]").inputValue();
    const delist = (headers: Record<string, string>, form: Record<string, string>) =>
      fetch(`${base}/admin/actions/delist`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${SESSION_COOKIE}=${cookie.value}`, ...headers }, body: new URLSearchParams(form) });
    expect((await delist({ origin: "https://evil.example" }, { name: SKILL, reason: "csrf", csrf })).status).toBe(403);
    expect((await delist({}, { name: SKILL, reason: "csrf" })).status).toBe(403);
    expect((await delist({}, { name: SKILL, reason: "csrf", csrf: "x".repeat(43) })).status).toBe(403);
    expect(await skillStatus()).toBe(200);
  });

  it("an unknown job is a 404 page, and any other /admin path a 404 once signed in", async () => {
    const job = await page.goto(`${base}/admin/jobs/no-such-job`);
    expect(job!.status()).toBe(404);
    await expect(page.getByTestId("unknown-job").textContent()).resolves.toContain("Unknown job");
    expect((await page.goto(`${base}/admin/no/such/page`))!.status()).toBe(404);
  });

  it("signs out: the cookie is gone and /admin goes to sign-in again", async () => {
    await page.goto(`${base}/admin`);
    await Promise.all([page.waitForURL(`${base}/admin/sign-in`), page.getByTestId("sign-out").click()]);
    expect((await context.cookies(base)).filter((c) => c.name === SESSION_COOKIE)).toEqual([]);
    await page.goto(`${base}/admin`);
    expect(new URL(page.url()).pathname).toBe("/admin/sign-in");
  });

  it("signs in with a SUPER_ADMIN token as well", async () => {
    const token = await signAdminToken({ secret: jwtSecret, email: "ops@example.com", role: "SUPER_ADMIN" });
    await page.locator("input[name=credential]").fill(token);
    await Promise.all([page.waitForURL(`${base}/admin`), page.getByRole("button", { name: "Sign in" }).click()]);
    await expect(page.getByTestId("admin-actor").textContent()).resolves.toBe("token:ops@example.com");
  });

  it("in the browser, a forged or expired session cookie lands on the sign-in page", async () => {
    const other = await browser.newContext();
    try {
      const expired = await signSession({ secret: jwtSecret, actor: "internal-key", via: "internal-key", now: Math.floor(Date.now() / 1000) - 3600 });
      for (const value of ["forged.session.cookie", expired.token]) {
        await other.clearCookies();
        // A __Host- cookie is set by host and path (CDP refuses one given by URL).
        await other.addCookies([{ name: SESSION_COOKIE, value, domain: new URL(base).hostname, path: "/", secure: true, httpOnly: true, sameSite: "Strict" }]);
        const tab = await other.newPage();
        await tab.goto(`${base}/admin`);
        expect(new URL(tab.url()).pathname).toBe("/admin/sign-in");
        await tab.close();
      }
    } finally {
      await other.close();
    }
  });

  it("the attack list reaches no /admin page and no /admin action", async () => {
    const pages = ["/admin", "/admin/", "/admin/jobs/abc", "/admin/no/such/page", "/admin/actions/delist", "/admin/sign-out"];
    const forms: [string, Record<string, string>][] = [
      ["/admin/actions/rebuild", { dryRun: "false" }],
      ["/admin/actions/delist", { name: SKILL, reason: "attack" }],
      ["/admin/actions/relist", { name: SKILL }],
      ["/admin/sign-out", {}],
    ];
    for (const [label, headers] of await attackList()) {
      for (const path of pages) {
        let res = await fetch(`${base}${path}`, { redirect: "manual", headers });
        // /admin/ and the GET of an action go to /admin first, which then goes to sign-in.
        if ([303, 307, 308].includes(res.status) && !toSignIn(res)) res = await fetch(new URL(res.headers.get("location")!, base), { redirect: "manual", headers });
        expect(toSignIn(res), `${label}: GET ${path} -> ${res.status} ${res.headers.get("location")}`).toBe(true);
        expect(res.headers.get("cache-control")).toMatch(/no-store/);
      }
      for (const [path, fields] of forms) {
        const res = await fetch(`${base}${path}`, {
          method: "POST",
          redirect: "manual",
          headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
          body: new URLSearchParams({ ...fields, csrf: "guessed" }),
        });
        expect(toSignIn(res), `${label}: POST ${path} -> ${res.status}`).toBe(true);
      }
    }
    expect(await skillStatus()).toBe(200);
    const audit = (await (await fetch(`${base}/api/v1/admin/audit?limit=10`, { headers: { "x-internal-key": internalKey } })).json()) as { entries: { action: string; target: string | null; params: Record<string, unknown> }[] };
    expect(audit.entries.filter((e) => e.target === SKILL && e.params.reason === "attack")).toEqual([]);
  }, 120_000);
});
