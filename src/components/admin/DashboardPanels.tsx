// The sections of the operators' dashboard, each drawn from one part of loadDashboard(): a part
// that could not be loaded shows "unavailable" with the reason, and the rest of the page as usual.
// Forms post to /admin/actions/* with the session's CSRF token.
import type { ReactNode } from "react";
import type { Dashboard, Loaded } from "@/lib/operations/admin-dashboard";
import { HISTORY_DAYS } from "@/lib/operations/admin-dashboard";
import { SUBMISSION_STATES } from "@/lib/submissions/schema";
import { DELIST_REASON_MAX } from "@/lib/catalog/kv/delisted";
import { CountsChart } from "./CountsChart";

const when = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16).replace("T", " ")} UTC` : "—");
const num = (n: number | null | undefined) => (typeof n === "number" ? n.toLocaleString("en-US") : "unavailable");

function Part<T>({ part, name, children }: { part: Loaded<T>; name: string; children: (value: T) => ReactNode }) {
  if (!part.ok) {
    return (
      <p className="unavailable" data-testid={`${name}-unavailable`}>
        unavailable: {part.error}
      </p>
    );
  }
  return <>{children(part.value)}</>;
}

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}

export function HealthPanel({ health }: { health: Dashboard["health"] }) {
  return (
    <section id="health" data-testid="health">
      <h2>Stores</h2>
      <Part part={health} name="health">
        {(h) => (
          <>
            <table className="admin-table" data-testid="store-counts">
              <tbody>
                <tr><th scope="row">Postgres</th><td className="num" data-store="prisma">{h.prisma_count === null ? `unavailable${h.database.error ? ` (${h.database.error})` : ""}` : num(h.prisma_count)}</td></tr>
                <tr><th scope="row">KV enumerated</th><td className="num" data-store="kv_enumerated">{num(h.kv_enumerated_count)}</td></tr>
                <tr><th scope="row">KV index</th><td className="num" data-store="kv_index">{num(h.kv_index_count)} <span className="muted">({h.kv_index_status}{h.kv_index_format ? `, ${h.kv_index_format}` : ""})</span></td></tr>
                <tr><th scope="row">seed</th><td className="num" data-store="seed">{num(h.seed_count)}</td></tr>
                <tr><th scope="row">delisted</th><td className="num" data-store="delisted">{num(h.delisted_count)}</td></tr>
                <tr><th scope="row">pending for Postgres</th><td className="num">{num(h.pending.count)}</td></tr>
                <tr><th scope="row">source missing</th><td className="num" data-store="source_missing">{h.source_missing ? num(h.source_missing.count) : "unavailable"}</td></tr>
                <tr><th scope="row">flagged for review</th><td className="num" data-store="flagged_for_review">{h.flagged_for_review ? num(h.flagged_for_review.count) : "unavailable"}</td></tr>
              </tbody>
            </table>
            {h.flagged_for_review && h.flagged_for_review.sample.length > 0 ? (
              <>
                <h3>Flagged for review</h3>
                <ul data-testid="flagged-for-review">
                  {h.flagged_for_review.sample.map((f) => (
                    <li key={f.skill}>
                      <a href={`/skills/${encodeURIComponent(f.skill)}`}>{f.skill}</a> {f.version}, score {f.score}: {f.reason} <span className="muted">({when(f.flagged_at)})</span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {h.source_missing && h.source_missing.sample.length > 0 ? (
              <>
                <h3>Source missing</h3>
                <ul data-testid="source-missing">
                  {h.source_missing.sample.map((m) => (
                    <li key={m.skill}>
                      <a href={`/skills/${encodeURIComponent(m.skill)}`}>{m.skill}</a>: {m.repo}/{m.path ? `${m.path}/` : ""}SKILL.md, {m.misses} misses since {when(m.since)}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <p data-testid="drift">
              Drift: {h.drift_detected ? <span className="drift-yes">detected</span> : "none"}
              <span className="muted"> · checked {when(h.checked_at)}</span>
            </p>
            {h.drifts.length > 0 ? (
              <ul>
                {h.drifts.map((d, i) => (
                  <li key={i}>
                    {d.sources.map((src) => `${src} ${num(d.counts[src])}`).join(" vs ")}: {d.short} is short by {num(d.difference)} ({d.percent}%)
                    {d.missing_sample.length ? <span className="muted"> (e.g. {d.missing_sample.slice(0, 5).join(", ")})</span> : null}
                  </li>
                ))}
              </ul>
            ) : null}
            <h3>Recommendations</h3>
            {h.recommendations.length ? (
              <ul data-testid="recommendations">
                {h.recommendations.map((r, i) => <li key={i}>{r}</li>)}
              </ul>
            ) : (
              <p className="muted" data-testid="recommendations">Nothing to do.</p>
            )}
          </>
        )}
      </Part>
    </section>
  );
}

export function HistoryPanel({ history, now }: { history: Dashboard["history"]; now: Date }) {
  return (
    <section id="history" data-testid="history">
      <h2>Counts over the last {HISTORY_DAYS} days</h2>
      <Part part={history} name="history">
        {(h) => (
          <>
            <CountsChart snapshots={h.snapshots} days={HISTORY_DAYS} now={now} />
            {h.incidents.length ? (
              <ul data-testid="incidents">
                {h.incidents.map((i, n) => (
                  <li key={n}>
                    {when(i.at)} · {i.kind}: {describeDetail(i.detail)}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted" data-testid="incidents">No incidents in {HISTORY_DAYS} days.</p>
            )}
          </>
        )}
      </Part>
    </section>
  );
}

function describeDetail(detail: unknown): string {
  const message = (detail as { message?: unknown } | null)?.message;
  if (typeof message === "string") return message;
  return JSON.stringify(detail ?? null).slice(0, 300);
}

export function RebuildPanel({ csrf }: { csrf: string }) {
  return (
    <section id="rebuild" data-testid="rebuild">
      <h2>Rebuild the index</h2>
      <p className="muted">
        Rewrites the index cache from every skill in KV, restores metadata, re-keys legacy slugs and backfills Postgres. Start
        with a dry run: it writes nothing and shows what the real run would do.
      </p>
      <form method="post" action="/admin/actions/rebuild" className="inline">
        <Csrf token={csrf} />
        <input type="hidden" name="dryRun" value="true" />
        <button type="submit" data-testid="rebuild-dry-run">Dry run</button>
      </form>
    </section>
  );
}

export function SkillsPanel({ delisted, csrf }: { delisted: Dashboard["delisted"]; csrf: string }) {
  return (
    <section id="skills" data-testid="skills">
      <h2>Delist a skill</h2>
      <form method="post" action="/admin/actions/delist" className="admin-form" data-testid="delist-form">
        <Csrf token={csrf} />
        <label>
          Skill (slug)
          <input name="name" required maxLength={200} placeholder="skill-name" />
        </label>
        <label>
          Reason (shown on its page)
          <input name="reason" required maxLength={DELIST_REASON_MAX} size={40} />
        </label>
        <button type="submit" className="danger" data-testid="delist-submit">Delist</button>
      </form>
      <h3>Delisted skills</h3>
      <Part part={delisted} name="delisted">
        {(markers) =>
          markers.length === 0 ? (
            <p className="muted" data-testid="delisted-none">No skill is delisted.</p>
          ) : (
            <table className="admin-table" data-testid="delisted">
              <thead>
                <tr><th>skill</th><th>reason</th><th>when</th><th>by</th><th /></tr>
              </thead>
              <tbody>
                {markers.map((m) => (
                  <tr key={m.name} data-skill={m.name}>
                    <td>{m.name}</td>
                    <td>{m.reason}</td>
                    <td>{when(m.at)}</td>
                    <td>{m.actor || "—"}</td>
                    <td>
                      <form method="post" action="/admin/actions/relist" className="inline">
                        <Csrf token={csrf} />
                        <input type="hidden" name="name" value={m.name} />
                        <button type="submit" className="secondary" data-testid="relist-submit">Relist</button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Part>
    </section>
  );
}

export function SubmissionsPanel({ submissions }: { submissions: Dashboard["submissions"] }) {
  return (
    <section id="submissions" data-testid="submissions">
      <h2>Submissions by state</h2>
      <Part part={submissions} name="submissions">
        {(s) => (
          <>
            <table className="admin-table" data-testid="submission-states">
              <tbody>
                {SUBMISSION_STATES.map((state) => (
                  <tr key={state}><th scope="row">{state}</th><td className="num" data-state={state}>{num(s.byState[state])}</td></tr>
                ))}
              </tbody>
            </table>
            <h3>Dead letters ({num(s.deadLetters.total)})</h3>
            {s.deadLetters.entries.length === 0 ? (
              <p className="muted" data-testid="dead-letters">None: the queue has given up on no submission.</p>
            ) : (
              <table className="admin-table" data-testid="dead-letters">
                <thead><tr><th>when</th><th>repo</th><th>skill</th><th>attempts</th><th>reason</th></tr></thead>
                <tbody>
                  {s.deadLetters.entries.map((d) => (
                    <tr key={d.id}>
                      <td>{when(d.updatedAt)}</td>
                      <td>{d.repoUrl.replace("https://github.com/", "")}</td>
                      <td><a href={`/submissions/${d.id}`}>{d.skillName}</a></td>
                      <td className="num">{d.attempts}</td>
                      <td>{d.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </Part>
    </section>
  );
}

export function DiscoveryPanel({ runs }: { runs: Dashboard["discoveryRuns"] }) {
  return (
    <section id="discovery" data-testid="discovery">
      <h2>Last discovery runs</h2>
      <Part part={runs} name="discovery">
        {(rows) =>
          rows.length === 0 ? (
            <p className="muted" data-testid="discovery-runs">No discovery run yet (the hourly cron runs it).</p>
          ) : (
            <table className="admin-table" data-testid="discovery-runs">
              <thead><tr><th>started</th><th>finished</th><th>found</th><th>queued</th><th>skipped</th><th>error</th></tr></thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{when(r.startedAt)}</td>
                    <td>{r.finishedAt ? when(r.finishedAt) : "running or interrupted"}</td>
                    <td className="num">{num(r.found)}</td>
                    <td className="num">{num(r.queued)}</td>
                    <td className="num">{num(r.skipped)}</td>
                    <td>{r.error ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Part>
    </section>
  );
}

export function AuditPanel({ audit }: { audit: Dashboard["audit"] }) {
  return (
    <section id="audit" data-testid="audit">
      <h2>Audit log (newest)</h2>
      <Part part={audit} name="audit">
        {(a) => (
          <>
            {a.source === "kv-pending" ? <p className="unavailable">Postgres is unavailable: showing the entries waiting in KV only.</p> : null}
            <table className="admin-table" data-testid="audit-entries">
              <thead><tr><th>when</th><th>actor</th><th>action</th><th>target</th><th>result</th></tr></thead>
              <tbody>
                {a.entries.map((e, i) => (
                  <tr key={i} data-action={e.action}>
                    <td>{when(e.at)}</td>
                    <td>{e.actor}</td>
                    <td>{e.action}</td>
                    <td>{e.target ?? ""}</td>
                    <td><code>{JSON.stringify(e.result).slice(0, 160)}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{num(a.total)} entries in all.</p>
          </>
        )}
      </Part>
    </section>
  );
}
