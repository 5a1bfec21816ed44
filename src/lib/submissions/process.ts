/**
 * Processes one queued submission: fetch SKILL.md through the GitHub API, parse its frontmatter,
 * run the tier-1 scan, then publish (pass) or reject (fail). Safe to re-run: a submission already
 * in a terminal state is left alone. Permanent failures (no SKILL.md, invalid frontmatter) end the
 * submission with a reason; transient ones (GitHub down, rate limited) ask the queue to retry.
 */
import { withOptionalDb, type Db } from "../platform/db";
import { getKV } from "../platform/env";
import { fetchRepoFile } from "../platform/github";
import { logEvent } from "../platform/log";
import { DelistedSkillError, publishSkill, resolveSlug } from "../submission-store";
import { attempt } from "../platform/db";
import { purgePublicCache } from "../http/edge-cache";
import { readDelistMarker } from "../catalog/kv/delisted";
import { skillKey } from "../catalog/kv/keys";
import { parseSkillRecord } from "../catalog/kv/skill-record";
import { decideVersion, declaredVersion } from "../catalog/versions";
import { filesDigest, listPublishedVersions, markChecked, newVersion, readCurrentVersion, recordFilesDigest, sha256Hex, storePublishedVersion, storeRejectedVersion, type StoredVersion } from "../catalog/skill-versions";
import { scanSkillFiles } from "./scanner/scan";
import { gatherSkillFiles } from "./skill-files";
import { parseSkillMd } from "./skill-md";
import { githubFactsAtPublish } from "./github-facts";
import { recordStars } from "../discovery/stars";
import { markSeen, trackSource } from "../discovery/discovery-dedup";
import { parseRepoUrl, repoLabel, type RepoRef } from "../catalog/slug";
import { impersonatedSeed } from "./impersonation";
import { DEAD_LETTER_REASON_PREFIX, TERMINAL_STATES, type SubmissionRecord } from "./schema";
import { getSubmission, updateSubmission } from "./store";

export type ProcessOutcome = "done" | "retry";

/** The listed version's number and content hash: KV's current version, else (a skill published before versions were kept) its record's number. */
async function currentVersionOf(kv: KVNamespace, slug: string): Promise<{ version: string; sha256: string; stored: StoredVersion | null } | null> {
  const stored = await readCurrentVersion(kv, slug);
  if (stored) return { version: stored.version, sha256: stored.sha256, stored };
  const record = parseSkillRecord(slug, await kv.get(skillKey(slug), "text"));
  return record.ok ? { version: record.record.currentVersion, sha256: "", stored: null } : null;
}

/** Candidate SKILL.md locations: the given folder, else the usual layouts. */
export function skillMdPaths(skillName: string, skillPath: string): string[] {
  if (skillPath) return [skillPath.endsWith("SKILL.md") ? skillPath : `${skillPath}/SKILL.md`];
  return [`skills/${skillName}/SKILL.md`, `${skillName}/SKILL.md`, "SKILL.md"];
}

export function processSubmission(submissionId: string): Promise<ProcessOutcome> {
  const kv = getKV();
  return withOptionalDb(async (db) => {
    const submission = await getSubmission(kv, submissionId);
    if (!submission) {
      logEvent("warn", "submission_missing", { submissionId });
      return "done";
    }
    if (TERMINAL_STATES.has(submission.state)) return "done";
    const scanning = await updateSubmission(kv, db, submission, { state: "SCANNING", attempts: submission.attempts + 1 });
    return scanAndPublish(kv, db, scanning);
  });
}

async function scanAndPublish(kv: KVNamespace, db: Db | null, s: SubmissionRecord): Promise<ProcessOutcome> {
  const ref = parseRepoUrl(s.repoUrl) as RepoRef;
  const fail = (reason: string) => updateSubmission(kv, db, s, { state: "FAILED", reason }).then(() => "done" as const);

  let file: { content: string; path: string; sha: string | null } | null = null;
  const tried = skillMdPaths(s.skillName, s.skillPath);
  for (const path of tried) {
    const res = await fetchRepoFile(ref, path);
    if (res.ok) {
      file = res;
      break;
    }
    if (res.kind === "transient") {
      logEvent("warn", "submission_github_transient", { submissionId: s.id, status: res.status, message: res.message });
      await updateSubmission(kv, db, s, { state: "QUEUED", reason: `waiting to retry: ${res.message}` });
      return "retry";
    }
  }
  if (!file) return fail(`SKILL.md not found in ${ref.owner}/${ref.repo} (tried ${tried.join(", ")}): the repo or file does not exist`);

  const parsed = parseSkillMd(file.content);
  if (!parsed.ok) return fail(`invalid SKILL.md (${file.path}): ${parsed.error}`);
  const fm = parsed.value;

  const imitated = impersonatedSeed([fm.name], s.repoUrl);
  if (imitated) {
    const reason = `name "${fm.name}" imitates the listed skill "${imitated.displayName}" from ${repoLabel(imitated.repoUrl)}; choose a name of your own`;
    await updateSubmission(kv, db, s, { state: "REJECTED", reason });
    return "done";
  }

  // The skill this file is, and whether it changed: the same content again creates nothing (no
  // version, no writes but "checked at").
  const slug = await resolveSlug(kv, db, s.repoUrl, fm.name);
  const delisted = await readDelistMarker(kv, slug);
  if (delisted) {
    await updateSubmission(kv, db, s, { state: "REJECTED", reason: new DelistedSkillError(slug, delisted.reason).message });
    return "done";
  }
  // Where this file lives for discovery's re-checks, at the blob fetched.
  const folder = file.path.replace(/\/?SKILL\.md$/, "");
  const source = { repoFullName: `${ref.owner}/${ref.repo}`, skillPath: folder, blobSha: file.sha };
  const sha256 = await sha256Hex(file.content);
  const current = await currentVersionOf(kv, slug);

  // The files SKILL.md tells the agent to run or read, and the scripts its folder ships, are
  // scanned with it (skill-files.ts). Past the documented bound the scan fails closed; a file
  // that cannot be fetched now is retried, one that does not exist is simply not there to run.
  // The repo's stars and the commit its default branch points at: everything scanned is read at
  // that commit, which the version keeps (finding links and "view source" point at it). Facts
  // GitHub cannot give now never fail or delay the publish: the files are read unpinned then.
  const facts = await githubFactsAtPublish(kv, ref);
  if (facts.skipped) logEvent("info", "publish_github_facts_skipped", { submissionId: s.id, slug, reason: facts.skipped });
  if (facts.commitSha) {
    const pinned = await fetchRepoFile(ref, file.path, facts.commitSha);
    if (!pinned.ok || pinned.content !== file.content) {
      // Pushed to while we read it: the next try reads one state of the repo.
      await updateSubmission(kv, db, s, { state: "QUEUED", reason: "waiting to retry: the repo changed while it was read" });
      return "retry";
    }
  }
  const gathered = await gatherSkillFiles(kv, ref, file, facts.commitSha);
  if (!gathered.ok) {
    await updateSubmission(kv, db, s, { state: "QUEUED", reason: `waiting to retry: ${gathered.retry}` });
    return "retry";
  }
  // A version is its SKILL.md and every file the scan covers: the same files again create
  // nothing (no version, no writes but "checked at"); a push that changed only a script is a
  // change. A version stored before digests were kept gets its digest recorded, once.
  const digest = await filesDigest(gathered.files);
  if (current?.sha256 === sha256 && (current.stored?.filesSha256 ?? digest) === digest) {
    if (current.stored && !current.stored.filesSha256) await recordFilesDigest(kv, db, current.stored, digest);
    await markChecked(db, slug, current.version);
    // Seen at this blob: a stale SHA from code search is not submitted again.
    await attempt(db, (d) => trackSource(d, source, { submissionId: s.id }));
    logEvent("info", "submission_unchanged", { submissionId: s.id, slug, version: current.version });
    await updateSubmission(kv, db, s, { state: "PUBLISHED", reason: null, publishedAs: slug });
    return "done";
  }
  const scan = scanSkillFiles(gathered.files);
  const findings = scan.findings.map(({ ruleId, severity, title, line, why, file: at }) => ({ ruleId, severity, title, line, why, file: at ?? file!.path }));
  const version = (number: string) =>
    newVersion({ skill: slug, version: number, sha256, filesSha256: digest, path: file!.path, commitSha: facts.commitSha, content: file!.content, scan: { verdict: scan.verdict, score: scan.score, findings, rulesVersion: scan.rulesVersion } });
  if (scan.verdict === "fail") {
    const reasons = [...new Set(scan.findings.map((f) => f.title))].slice(0, 5).join("; ");
    const reason = current
      ? `update rejected, security scan failed (score ${scan.score}): ${reasons}; version ${current.version} stays listed`
      : `security scan failed (score ${scan.score}): ${reasons}`;
    // Kept with its findings for the author and admins; never served by the public version routes.
    await storeRejectedVersion(db, version(""), reason);
    await attempt(db, (d) => markSeen(d, source));
    // The listed skill's page now says an update was rejected: drop its cached copy.
    if (current) await purgePublicCache();
    await updateSubmission(kv, db, s, { state: "REJECTED", reason, scanScore: scan.score, findings, rulesVersion: scan.rulesVersion, commitSha: facts.commitSha });
    return "done";
  }
  const history = current ? await attempt(db, (d) => listPublishedVersions(d, slug)) : { ok: true as const, value: [] };
  // Versions compared by what they are: all their files (older versions by their SKILL.md).
  const identity = (v: { sha256: string; filesSha256?: string | null }) => ({ sha256: v.filesSha256 ?? v.sha256 });
  const currentIdentity = current ? { version: current.version, ...identity({ sha256: current.sha256, filesSha256: current.stored?.filesSha256 }) } : null;
  const knownVersions = history.ok ? history.value.map((v) => ({ version: v.version, ...identity(v) })) : currentIdentity ? [currentIdentity] : [];
  const decision = decideVersion({ declared: declaredVersion(fm), sha256: digest, current: currentIdentity, published: knownVersions });
  if (decision.kind === "refused") {
    await attempt(db, (d) => markSeen(d, source));
    await updateSubmission(kv, db, s, { state: "REJECTED", reason: `not published: ${decision.reason}`, scanScore: scan.score, findings, rulesVersion: scan.rulesVersion, commitSha: facts.commitSha });
    return "done";
  }

  let published;
  try {
    published = await publishSkill(kv, {
      repoUrl: s.repoUrl,
      // The skill is (repo, the name in its own SKILL.md): what the submitter typed only located the file.
      skillName: fm.name,
      skillPath: file.path.replace(/\/?SKILL\.md$/, ""),
      displayName: fm.name,
      description: fm.description,
      currentVersion: decision.version,
      license: fm.license,
      category: fm.category,
      labels: fm.labels,
      extensible: fm.extensible,
      extensionPoints: fm.extensionPoints,
      certScore: scan.score,
      ...(facts.stars !== null ? { githubStars: facts.stars } : {}),
    });
  } catch (err) {
    if (!(err instanceof DelistedSkillError)) throw err;
    await updateSubmission(kv, db, s, { state: "REJECTED", reason: err.message, scanScore: scan.score, findings, rulesVersion: scan.rulesVersion, commitSha: facts.commitSha });
    return "done";
  }
  if (decision.kind === "new") {
    await storePublishedVersion(kv, db, version(decision.version));
    // publishSkill purged the cached pages before the version's content was stored: a read in
    // between (the skill at its new version, its content not yet there) may have been cached.
    await purgePublicCache();
  }
  // Every published skill is in discovery's re-check rotation, at the blob it was published from.
  await attempt(db, (d) => trackSource(d, source, { submissionId: s.id }));
  // A star reading like the cron's: a sample for the trending windows, the skill's scores in step.
  if (facts.stars !== null) await attempt(db, (d) => recordStars(d, s.repoUrl, facts.stars!));
  await updateSubmission(kv, db, s, {
    state: "PUBLISHED",
    reason: published.prismaWritten ? null : `published to KV; Postgres write pending (${published.prismaError})`,
    scanScore: scan.score,
    findings,
    rulesVersion: scan.rulesVersion,
    commitSha: facts.commitSha,
    publishedAs: published.slug,
  });
  return "done";
}

/** Dead letters: the queue gave up retrying; record why on the submission. */
export function markDeadLettered(submissionId: string): Promise<void> {
  const kv = getKV();
  return withOptionalDb(async (db) => {
    const submission = await getSubmission(kv, submissionId);
    if (!submission || TERMINAL_STATES.has(submission.state)) return;
    await updateSubmission(kv, db, submission, { state: "FAILED", reason: `${DEAD_LETTER_REASON_PREFIX}${submission.attempts} attempts: ${submission.reason ?? "processing kept failing"}` });
  });
}
