// The dashboard's server-rendered parts: the 7-day counts chart (SVG), the job progress page, the
// rebuild report page and the notices (issue 13, "Operators").
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CountsChart, niceCeiling } from "@/components/admin/CountsChart";
import { JobProgress } from "@/components/admin/JobProgress";
import { rebuildReportPage } from "@/components/admin/rebuild-report-page";
import { signInPage } from "@/components/admin/sign-in-page";
import { escapeHtml } from "@/lib/http/admin-html";
import type { AdminJob, HistorySnapshot } from "@/lib/operations/admin-dashboard";
import type { RebuildReport } from "@/lib/operations/rebuild-index";
import { noticeLocation, noticeMessage } from "@/app/admin/notices";

// 2026-12-08T00:00Z: the window is 2026-12-01T00:00Z .. now, midnights at x = 56 + k * 568/7.
const NOW = new Date("2026-12-08T00:00:00Z");
const snap = (at: string, listed: number, extra: Partial<HistorySnapshot> = {}): HistorySnapshot => ({
  at,
  listed,
  kv_index_count: listed,
  kv_enumerated_count: listed - 118,
  prisma_count: listed - 118,
  drift_detected: false,
  ...extra,
});
const chart = (snapshots: HistorySnapshot[]) => renderToStaticMarkup(createElement(CountsChart, { snapshots, days: 7, now: NOW }));
const attr = (html: string, re: RegExp) => [...html.matchAll(re)].map((m) => m[1]!);

describe("CountsChart", () => {
  it("draws one line per store through every snapshot, in time order, scaled to a round maximum", () => {
    const html = chart([
      snap("2026-12-07T12:00:00Z", 180),
      snap("2026-12-01T00:00:00Z", 130),
      snap("2026-12-04T12:00:00Z", 160),
    ]);
    expect(html).toMatch(/^<svg [^>]*data-testid="counts-chart"/);
    expect(html).toContain('data-snapshots="3"');
    // y: 0..200 (niceCeiling(180)), plot from y=34 to y=230 (196 high); x: 568 wide from 56.
    const listed = attr(html, /<polyline data-series="listed" points="([^"]+)"/g);
    expect(listed).toEqual(["56,102.6 340,73.2 583.4,53.6"]);
    const lines = attr(html, /<polyline data-series="([^"]+)"/g);
    expect(lines).toEqual(["listed", "prisma_count", "kv_enumerated_count", "kv_index_count"]);
    expect(html).not.toContain("no snapshots yet");
  });

  it("labels the count axis 0, half and the top, and the time axis with each day (UTC)", () => {
    const html = chart([snap("2026-12-03T00:00:00Z", 87)]);
    const yAxis = html.slice(html.indexOf('data-testid="y-axis"'), html.indexOf('data-testid="x-axis"'));
    expect(attr(yAxis, /<text[^>]*>([^<]+)<\/text>/g)).toEqual(["0", "50", "100"]);
    const xAxis = html.slice(html.indexOf('data-testid="x-axis"'));
    expect(attr(xAxis, /<text[^>]*>([^<]+)<\/text>/g)).toEqual(["12-01", "12-02", "12-03", "12-04", "12-05", "12-06", "12-07", "12-08"]);
    const legend = html.slice(html.indexOf('data-testid="chart-legend"'), html.indexOf('data-testid="y-axis"'));
    expect(attr(legend, /<text[^>]*>([^<]+)<\/text>/g)).toEqual(["listed", "Postgres", "KV enumerated", "KV index"]);
    expect(html).toContain("<title>Published skills per store over the last 7 days</title>");
  });

  it("breaks a store's line where its count is unknown, and marks drift", () => {
    const html = chart([
      snap("2026-12-02T00:00:00Z", 150),
      snap("2026-12-03T00:00:00Z", 150, { prisma_count: null, drift_detected: true }),
      snap("2026-12-04T00:00:00Z", 150),
      snap("2026-12-05T00:00:00Z", 150),
    ]);
    expect(attr(html, /<polyline data-series="prisma_count" points="([^"]+)"/g)).toHaveLength(1); // the last two
    expect(attr(html, /<circle data-series="(prisma_count)"/g)).toHaveLength(1); // the first, alone
    expect(attr(html, /<polyline data-series="listed" points="([^"]+)"/g)[0]!.split(" ")).toHaveLength(4);
    expect(attr(html, /data-testid="(drift-marker)"/g)).toHaveLength(1);
    expect(html).toContain("2026-12-03T00:00:00Z: drift detected (listed 150)");
  });

  it("leaves out snapshots outside the window", () => {
    const html = chart([snap("2026-11-20T00:00:00Z", 9999), snap("2026-12-09T00:00:00Z", 9999), snap("2026-12-06T00:00:00Z", 140), snap("not a date", 1)]);
    expect(html).toContain('data-snapshots="1"');
    expect(html).not.toContain("9,999");
  });

  it("draws an empty chart with its axes and 'no snapshots yet'", () => {
    const html = chart([]);
    expect(html).toContain('data-testid="counts-chart"');
    expect(html).toContain('data-snapshots="0"');
    expect(html).toMatch(/<text data-testid="chart-empty"[^>]*>no snapshots yet<\/text>/);
    expect(html).not.toContain("<polyline");
    expect(html).toContain('data-testid="x-axis"');
  });

  it.each([[0, 1], [1, 1], [3, 5], [87, 100], [100, 100], [101, 200], [180, 200], [150_001, 200_000], [-5, 1]])("niceCeiling(%d) = %d", (n, want) => {
    expect(niceCeiling(n)).toBe(want);
  });
});

const report = (over: Partial<RebuildReport> = {}): RebuildReport => ({
  ok: true, dryRun: true, complete: true, nextCursor: null, scanned: 12, rebuilt: 12, errors: 0, errorKeys: [], renamed: [],
  metadataRepaired: 1, prismaBackfilled: 2, prismaErrors: [], prismaRoundTrips: 1, versionsWritten: 0, contentPending: 0, cleaned: 0, quarantined: 0, quarantinedKeys: [], delisted: 0,
  postgresCovered: true, orphanedAliases: 0, orphanedAliasKeys: [], indexSize: 12, indexRewritten: false, indexShardsRewritten: 1,
  indexLargestValueBytes: 100, kvOps: 9, durationMs: 42, ...over,
});

describe("JobProgress", () => {
  const job = (over: Partial<AdminJob>): AdminJob => ({ id: "j1", kind: "rebuild-index", state: "running", progress: { processed: 250, total: 1000 }, report: null, ...over });
  const render = (j: AdminJob) => renderToStaticMarkup(createElement(JobProgress, { job: j }));

  it("while running: a progress bar fed by the job, and a page that refreshes itself", () => {
    const html = render(job({}));
    expect(html).toContain('<meta http-equiv="refresh" content="2"/>');
    expect(html).toMatch(/<progress data-testid="job-progress" value="250" max="1000"/);
    expect(html).toContain("250 of 1,000 processed (25%)");
    expect(html).toContain('data-state="running"');
  });

  it("with no total yet: an indeterminate bar", () => {
    const html = render(job({ progress: { processed: 3, total: null } }));
    expect(html).toMatch(/<progress data-testid="job-progress" max="1"/);
    expect(html).not.toMatch(/<progress[^>]*value=/);
  });

  it("done: a full bar, the report, no refresh", () => {
    const html = render(job({ state: "done", progress: { processed: 1000, total: 1000 }, report: report({ dryRun: false }) }));
    expect(html).not.toContain("http-equiv");
    expect(html).toContain('<strong data-testid="job-state">done</strong>');
    expect(html).toMatch(/value="1000" max="1000"/);
    expect(html).toContain("(100%)");
    expect(html).toContain('data-testid="job-report"');
    expect(html).toContain("Postgres backfilled");
  });

  it("failed: why, no refresh", () => {
    const html = render(job({ state: "failed", error: "KV unavailable" }));
    expect(html).not.toContain("http-equiv");
    expect(html).toContain("Failed: KV unavailable");
  });
});

describe("rebuild report page", () => {
  it("after a dry run: the report and a form to rebuild for real with the session's CSRF token", async () => {
    const html = await rebuildReportPage(report(), "csrf-token-1").text();
    expect(html).toContain('data-dry-run="true"');
    expect(html).toMatch(/<input type="hidden" name="csrf" value="csrf-token-1">\s*<input type="hidden" name="dryRun" value="false">/);
    expect(html).toContain("Rebuild for real");
  });

  it("after a real step that did not finish: continue from its cursor; after the last: done", async () => {
    const step = await rebuildReportPage(report({ dryRun: false, complete: false, nextCursor: "abc=\"<x>" }), "t").text();
    expect(step).toContain('name="cursor" value="abc=&quot;&lt;x&gt;"');
    expect(step).toContain("Continue the rebuild");
    const done = await rebuildReportPage(report({ dryRun: false }), "t").text();
    expect(done).toContain("<strong>done</strong>");
    expect(done).not.toContain("<form");
  });

  it("escapes what it shows and is never stored or framed", async () => {
    const res = rebuildReportPage(report({ errorKeys: [{ key: "skill:<script>", error: "bad \"json\"" }] }), "t");
    const html = await res.text();
    expect(html).toContain("error: skill:&lt;script&gt;");
    expect(html).not.toContain("<script>");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("the sign-in form shows a refusal's reason, escaped, with its status", async () => {
    const res = signInPage({ status: 401, message: "Wrong <key>" });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('data-testid="sign-in-error">Wrong &lt;key&gt;</p>');
  });
});

describe("notices", () => {
  it("show only fixed sentences, with the skill's name", () => {
    expect(noticeLocation("delist", "done", "pdf tools")).toBe("/admin?notice=delist-done&skill=pdf%20tools#skills");
    expect(noticeMessage("delist-done", "pdf-tools")).toMatchObject({ ok: true, text: expect.stringContaining("Delisted “pdf-tools”") });
    expect(noticeMessage("delist-conflict", "pdf")).toMatchObject({ ok: false, text: expect.stringContaining("seed skill") });
    expect(noticeLocation("relist", "weird_code", "x")).toContain("notice=relist-failed");
    expect(noticeMessage("Your key expired, visit evil.example", "x")).toBeNull();
    expect(noticeMessage(undefined, "x")).toBeNull();
  });
});
