// GET /admin — the operators' dashboard: stores and drift, the 7-day counts, rebuild, delist and
// relist, submissions and dead letters, discovery runs, the audit log. Signed-in operators only.
import { AuditPanel, DiscoveryPanel, HealthPanel, HistoryPanel, RebuildPanel, SkillsPanel, SubmissionsPanel } from "@/components/admin/DashboardPanels";
import { loadDashboard } from "@/lib/operations/admin-dashboard";
import { requireAdminSession } from "./require-session";
import { noticeMessage } from "./notices";

export const dynamic = "force-dynamic";

export default async function AdminDashboard({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requireAdminSession();
  const [dashboard, query] = await Promise.all([loadDashboard(), searchParams]);
  const notice = noticeMessage(query.notice, query.skill);
  const until = new Date(session.expiresAt * 1000).toISOString().slice(11, 16);
  return (
    <article data-testid="admin-dashboard">
      <div className="admin-bar">
        <h1>Operators&apos; dashboard</h1>
        <div>
          Signed in as <strong data-testid="admin-actor">{session.actor}</strong> until {until} UTC{" "}
          <form method="post" action="/admin/sign-out" className="inline">
            <input type="hidden" name="csrf" value={session.csrf} />
            <button type="submit" className="secondary" data-testid="sign-out">Sign out</button>
          </form>
        </div>
      </div>
      {notice ? (
        <p className={`notice ${notice.ok ? "notice-ok" : "notice-error"}`} role="status" data-testid="admin-notice">
          {notice.text}
        </p>
      ) : null}
      <HealthPanel health={dashboard.health} />
      <HistoryPanel history={dashboard.history} now={new Date()} />
      <RebuildPanel csrf={session.csrf} />
      <SkillsPanel delisted={dashboard.delisted} csrf={session.csrf} />
      <SubmissionsPanel submissions={dashboard.submissions} />
      <DiscoveryPanel runs={dashboard.discoveryRuns} />
      <AuditPanel audit={dashboard.audit} />
    </article>
  );
}
