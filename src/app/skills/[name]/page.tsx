// GET /skills/{name} — one skill; an old slug redirects (308) to the canonical one; a delisted one says why (410).
import { notFound, permanentRedirect } from "next/navigation";
import { lookupSkill } from "@/lib/data";
import { skillPageVersions } from "@/lib/catalog/version-reads";
import { renderSkillMd } from "@/lib/catalog/render-skill-md";
import { tryGetKV } from "@/lib/platform/env";
import { findSeedSkill } from "@/lib/catalog/seed-data";
import { CopyButton } from "@/components/copy-button";
import { repoLabel } from "@/lib/catalog/slug";
import { malformedPathReason } from "@/lib/http/path-guard";

export const dynamic = "force-dynamic";

export default async function SkillPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  if (malformedPathReason(name)) notFound(); // no skill can have it; no query is sent
  let requested = name;
  try {
    requested = decodeURIComponent(name);
  } catch {
    notFound(); // not a valid escaped name: no skill can have it
  }
  const found = await lookupSkill(requested);
  if (!found) notFound();
  if ("gone" in found) {
    // The worker answers this page with status 410 (worker-with-queues.js).
    return (
      <article className="detail" data-testid="skill-gone">
        <p><a href="/skills">← All skills</a></p>
        <h1>This skill was removed</h1>
        <p><code>{found.gone.name}</code> is no longer listed in the marketplace.</p>
        <p>Reason: {found.gone.reason}</p>
      </article>
    );
  }
  const skill = found.skill;
  if (skill.name !== requested) permanentRedirect(`/skills/${encodeURIComponent(skill.name)}`);
  const { current, history, checkedAt, rejectedUpdate, sourceMissingSince } = await skillPageVersions(tryGetKV(), skill.name, skill);
  const install = `npx skills add ${skill.repoUrl} --skill ${skill.name}`;
  // Links to what was scanned: the version's commit when GitHub told us, else the default branch.
  const ref = current?.commitSha ?? "HEAD";
  const blob = (file: string, line?: number | null) =>
    `${skill.repoUrl}/blob/${ref}/${file.split("/").map(encodeURIComponent).join("/")}${line ? `#L${line}` : ""}`;

  return (
    <article className="detail">
      <p><a href="/skills">← All skills</a></p>
      <h1>{skill.displayName}</h1>
      <p className="repo" data-testid="skill-repo">from <a href={skill.repoUrl} rel="noopener nofollow ugc">{repoLabel(skill.repoUrl)}</a></p>
      <p>{skill.description}</p>
      <dl>
        <dt>Slug</dt><dd><code>{skill.name}</code></dd>
        <dt>Author</dt><dd><a href={`/skills?author=${encodeURIComponent(skill.author)}`}>{skill.author}</a></dd>
        <dt>Repository</dt><dd><a href={skill.repoUrl} rel="noopener">{skill.repoUrl}</a></dd>
        <dt>Category</dt><dd><a href={`/skills?category=${encodeURIComponent(skill.category)}`}>{skill.category}</a></dd>
        <dt>Version</dt><dd>{skill.currentVersion}</dd>
        <dt>Certification</dt><dd><span className={`tier tier-${skill.certTier}`}>{skill.certTier}</span> via {skill.certMethod}, score {skill.certScore}/100</dd>
        <dt>License</dt><dd>{skill.license ?? "not declared"}</dd>
        <dt>Labels</dt><dd>{skill.labels.join(", ") || "—"}</dd>
        <dt>GitHub stars</dt><dd>{skill.githubStars.toLocaleString("en-US")}</dd>
        {skill.extensible && (
          <>
            <dt>Extension points</dt>
            <dd>
              <ul>
                {skill.extensionPoints.map((p) => (
                  <li key={p.name}><strong>{p.name}</strong>: {p.description}</li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      <p className="meta">
        Install: <code data-testid="install-command">{install}</code> <CopyButton text={install} testId="copy-install" />
        {current?.commitSha && (
          <>
            {" "}· scanned at commit <a data-testid="scanned-commit" href={`${skill.repoUrl}/tree/${current.commitSha}`} rel="noopener nofollow ugc"><code>{current.commitSha.slice(0, 12)}</code></a>
            {" "}(the installer takes the default branch; it cannot pin a commit)
          </>
        )}
      </p>
      {sourceMissingSince && (
        <p className="notice" data-testid="source-missing">
          Source missing: its SKILL.md has answered 404 on GitHub since {sourceMissingSince.slice(0, 10)} (the repo or file was removed or made
          private). The last scanned version stays shown; if it does not come back, the skill is delisted after a week.
        </p>
      )}
      {rejectedUpdate && (
        <p className="notice" data-testid="update-rejected">
          An update submitted on {rejectedUpdate.at.slice(0, 10)} was rejected by the security scan
          {rejectedUpdate.reason ? `: ${rejectedUpdate.reason}` : ""}. The version below stays listed.
        </p>
      )}
      {current ? (
        <section className="skill-md-section" data-testid="skill-md-section">
          <h2>SKILL.md</h2>
          <p className="meta" data-testid="skill-md-meta">
            Version {current.version} · <code>{current.sha256.slice(0, 12)}</code> · scan {current.scan.verdict}, {current.scan.score}/100 · published {current.publishedAt.slice(0, 10)}
            {checkedAt ? ` · last checked ${checkedAt.slice(0, 16).replace("T", " ")} UTC` : ""} ·{" "}
            <a data-testid="view-source" href={blob(current.path)} rel="noopener nofollow ugc">view source</a>
          </p>
          {current.scan.findings.length > 0 && (
            <ul className="findings" data-testid="findings">
              {current.scan.findings.map((f, i) => (
                <li key={i}>
                  <span className={`severity severity-${f.severity}`}>{f.severity}</span> {f.title}{" "}
                  <a href={blob(f.file ?? current.path, f.line)} rel="noopener nofollow ugc">
                    {f.file ?? current.path}{f.line ? `:${f.line}` : ""}
                  </a>
                </li>
              ))}
            </ul>
          )}
          {/* Rendered in micromark's safe mode and post-processed (catalog/render-skill-md.ts): no raw HTML, no unsafe URLs, no images. */}
          <div className="skill-md" data-testid="skill-md" dangerouslySetInnerHTML={{ __html: renderSkillMd(current.content) }} />
        </section>
      ) : findSeedSkill(skill.name) ? null : (
        <p className="meta" data-testid="skill-md-pending">Its SKILL.md is not stored yet (published before versions were kept): it appears after the next check.</p>
      )}
      {history.length > 0 && (
        <section>
          <h2>Versions</h2>
          <table className="versions" data-testid="versions">
            <thead><tr><th>Version</th><th>Published</th><th>SHA-256</th><th>Scan</th></tr></thead>
            <tbody>
              {history.map((v) => (
                <tr key={v.version}>
                  <td>{v.version}</td><td>{v.publishedAt.slice(0, 10)}</td><td><code>{v.sha256.slice(0, 12)}</code></td><td>{v.scan.verdict} ({v.scan.score})</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </article>
  );
}
