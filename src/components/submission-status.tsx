"use client";
// A submission's state, refreshing itself while it is queued or being scanned: the reason, the
// score, each finding linked to its line in the scanned file on GitHub, the published skill, and
// "scan again" (a re-submission).
import { useEffect, useState } from "react";

export interface SubmissionView {
  id: string;
  repoUrl: string;
  skillName: string;
  skillPath: string;
  state: string;
  reason: string | null;
  scanScore: number | null;
  findings: { ruleId: string; severity: string; title: string; line: number; why?: string; file?: string }[];
  publishedAs: string | null;
  /** The commit the scanned files were read at: finding links point there. */
  commitSha?: string | null;
  queuePosition?: number | null;
}

const ACTIVE = new Set(["QUEUED", "SCANNING"]);

export function SubmissionStatus({ initial }: { initial: SubmissionView }) {
  const [s, setS] = useState(initial);
  const [again, setAgain] = useState<string | null>(null);

  useEffect(() => {
    if (!ACTIVE.has(s.state)) return;
    const timer = setTimeout(async () => {
      const res = await fetch(`/api/v1/submissions/${s.id}`, { cache: "no-store" }).catch(() => null);
      if (res?.ok) setS((await res.json()) as SubmissionView);
      else setS({ ...s }); // try again on the next tick
    }, 1000);
    return () => clearTimeout(timer);
  }, [s]);

  async function scanAgain() {
    setAgain("Submitting…");
    const body = { repoUrl: s.repoUrl, skillName: s.skillName, ...(s.skillPath ? { skillPath: s.skillPath } : {}) };
    const res = await fetch("/api/v1/submissions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const json = (await res.json().catch(() => ({}))) as { id?: string; error?: { message: string } };
    if (res.ok && json.id) window.location.assign(`/submissions/${json.id}`);
    else setAgain(res.status === 429 ? `Too many submissions; try again in ${res.headers.get("retry-after") ?? "60"} seconds.` : (json.error?.message ?? "Could not submit again."));
  }

  const blob = (file: string | undefined, line: number) =>
    `${s.repoUrl}/blob/${s.commitSha ?? "HEAD"}/${(file ?? "SKILL.md").split("/").map(encodeURIComponent).join("/")}#L${line}`;
  return (
    <section className="submission" data-testid="submission">
      <p>
        <strong>{s.repoUrl.replace("https://github.com/", "")}</strong> · {s.skillName}
      </p>
      <p>
        State: <span className={`state state-${s.state}`} data-testid="state">{s.state}</span>
        {s.state === "QUEUED" && s.queuePosition ? <span data-testid="queue-position"> — about {s.queuePosition} in the queue</span> : null}
        {ACTIVE.has(s.state) && <span className="meta"> (this page refreshes itself)</span>}
      </p>
      {s.reason && <p data-testid="reason">{s.reason}</p>}
      {s.scanScore !== null && <p>Scan score: <strong data-testid="score">{s.scanScore}</strong>/100</p>}
      {s.findings.length > 0 && (
        <ul className="findings" data-testid="findings">
          {s.findings.map((f, i) => (
            <li key={`${f.ruleId}-${i}`} data-testid="finding">
              <span className={`severity severity-${f.severity}`}>{f.severity}</span> <strong>{f.title}</strong> ({f.ruleId}) at{" "}
              <a href={blob(f.file, f.line)} rel="noopener nofollow ugc">{`${f.file ?? "SKILL.md"}:${f.line}`}</a>
              {f.why && <p className="why">{f.why}</p>}
            </li>
          ))}
        </ul>
      )}
      {s.state === "PUBLISHED" && s.publishedAs && (
        <p><a href={`/skills/${encodeURIComponent(s.publishedAs)}`} data-testid="published-link">View the published skill</a></p>
      )}
      {!ACTIVE.has(s.state) && (
        <p>
          <button type="button" onClick={scanAgain} data-testid="scan-again">Scan again</button> {again && <span role="status">{again}</span>}
        </p>
      )}
    </section>
  );
}
