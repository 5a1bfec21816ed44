// The skill page with its SKILL.md (issue "Skills that live"), and what a skill costs KV at the
// size limits.
// 1. Under `wrangler dev` (the built worker, local KV and queue, Postgres through the local
//    Hyperdrive, a fake GitHub): a catalogue of BENCH_PAGE_SKILLS (default 5000) generated skills
//    in Postgres, and one skill published through the real pipeline with a realistic SKILL.md
//    (about 8 KB: headings, lists, tables, code). Its page is timed uncached (a cache-busting
//    query) and cached, beside a page without stored content and a static asset, round robin.
// 2. In process, on Miniflare's KV: a skill at every bound at once (a SKILL.md of
//    SKILL_MD_MAX_BYTES, a 4,096-character description, 10 labels, 50 extension points) published
//    by publishSkill and storePublishedVersion; the bytes of each key it writes are printed.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runWithWorkerEnv } from "../src/lib/platform/worker-context";
import { publishSkill } from "../src/lib/submission-store";
import { newVersion, sha256Hex, skillMdKey, storePublishedVersion } from "../src/lib/catalog/skill-versions";
import { skillKey } from "../src/lib/catalog/kv/keys";
import { parseSkillMd, SKILL_MD_MAX_BYTES } from "../src/lib/submissions/skill-md";
import { ensureWorkerBuilt } from "../scripts/lib/worker-build";
import { startWranglerDev } from "../scripts/lib/wrangler-dev";
import { createTestKV } from "../tests/helpers/kv";
import { startFakeGitHub } from "../tests/helpers/fake-github";
import { scratchDatabase, stopBenchServer } from "./lib";
import { loadCatalogue, quantile, sizedRecord, startPooler, staticAssetPath, timeRoundRobin, type Target } from "./e2e-latency";

const SKILLS = Number(process.env.BENCH_PAGE_SKILLS ?? 5000);
const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 150);

/** A SKILL.md as authors write them: frontmatter, a purpose, steps, a table, commands, notes. */
export function realisticSkillMd(name: string, sections = 9): string {
  const parts = [
    `---\nname: ${name}\ndescription: Prepares a release of a TypeScript library: reads the changelog and the merged pull requests since the last tag, proposes the next semver number, writes the release notes, and checks the package builds and its tests pass before tagging. Use it when the user asks to cut, prepare or draft a release.\nlicense: MIT\nmetadata:\n  version: 1.4.0\n  labels: [release, changelog, semver, typescript]\n---\n`,
    `# Release preparation\n\nThis skill walks the agent through a library release from the merged work to a pushed tag. It never publishes to the registry itself: the last step is a summary for the maintainer to approve.\n`,
  ];
  for (let s = 1; s <= sections; s++) {
    parts.push(
      `## Step ${s}: ${["Collect the changes", "Pick the version", "Write the notes", "Build and test", "Tag", "Report"][(s - 1) % 6]}\n\n` +
        `Read what changed since the last tag and sort it by kind. Breaking changes come first, then features, then fixes; documentation and internal refactors are listed last and only when a user would notice them.\n\n` +
        `- Run \`git log --oneline $(git describe --tags --abbrev=0)..HEAD\` and keep merge commits.\n` +
        `- Match each pull request to its label: \`breaking\`, \`feature\`, \`fix\`, \`docs\`.\n` +
        `- Ask the maintainer when a change has no label rather than guessing.\n\n` +
        `| Kind | Bumps | Example |\n|---|---|---|\n| breaking | major | a removed export |\n| feature | minor | a new option |\n| fix | patch | a corrected edge case |\n\n` +
        "```sh\nnpm ci\nnpm run build\nnpm test -- --reporter=dot\n```\n\n" +
        `> If the build or a test fails, stop and report the failure with its first error; do not tag.\n`,
    );
  }
  parts.push(`## Notes\n\nKeep the release notes in the project's voice: short sentences, the user's view, no internal ticket numbers. See the [semver rules](https://semver.org/) when in doubt.\n`);
  return parts.join("\n");
}

async function pageLatency(): Promise<void> {
  ensureWorkerBuilt({ quiet: true });
  const scratch = await scratchDatabase();
  const github = await startFakeGitHub();
  const persistTo = mkdtempSync(path.join(os.tmpdir(), "skills-bench-page-"));
  const records = Array.from({ length: SKILLS }, (_, i) => sizedRecord(i));
  const content = realisticSkillMd("release-steward");
  github.putFile("bench-org", "release-tools", "skills/release-steward/SKILL.md", content);
  try {
    await loadCatalogue(scratch.url, records);
    const runs: [string, string][] = [["direct: a fresh Postgres backend per request", scratch.url]];
    const pooler = await startPooler(scratch.url);
    if (pooler) runs.push([`through ${pooler.label}`, pooler.url]);
    console.log(`  ${SKILLS} skills in Postgres; the skill page of one published through the pipeline, its SKILL.md ${Buffer.byteLength(content)} bytes; ${RUNS} rounds`);
    let published = false;
    try {
      for (const [label, url] of runs) {
        const worker = await startWranglerDev({ persistTo, hyperdrive: url, vars: { INTERNAL_BROADCAST_KEY: "bench", GITHUB_API_URL: github.url } });
        try {
          if (!published) {
            const res = await fetch(`${worker.url}/api/v1/submissions`, {
              method: "POST",
              headers: { "content-type": "application/json", "x-internal-key": "bench" },
              body: JSON.stringify({ repoUrl: "https://github.com/bench-org/release-tools", skillName: "release-steward" }),
            });
            const { id } = (await res.json()) as { id: string };
            const deadline = Date.now() + 60_000;
            let state = "";
            while (state !== "PUBLISHED" && Date.now() < deadline) {
              await new Promise((r) => setTimeout(r, 300));
              state = ((await (await fetch(`${worker.url}/api/v1/submissions/${id}`)).json()) as { state: string }).state;
              if (state === "FAILED" || state === "REJECTED") throw new Error(`the bench skill was not published: ${state}`);
            }
            published = true;
          }
          const page = await (await fetch(`${worker.url}/skills/release-steward`)).text();
          if (!page.includes('data-testid="skill-md"')) throw new Error("the skill page shows no SKILL.md");
          const run = Date.now().toString(36);
          const other = records[Math.floor(SKILLS / 3)]!.name;
          const targets: Target[] = [
            { name: "static asset", path: staticAssetPath() },
            { name: "skill page with SKILL.md (uncached)", path: (i) => `/skills/release-steward?b=${run}${i}` },
            { name: "skill page with SKILL.md (cached)", path: "/skills/release-steward" },
            { name: "skill page, content pending (uncached)", path: (i) => `/skills/${other}?b=${run}${i}` },
          ];
          const times = await timeRoundRobin(worker, targets, RUNS);
          const asset = quantile(times.get("static asset")!, 0.5);
          console.log(`  ${label}`);
          for (const [name, xs] of times) {
            const p50 = quantile(xs, 0.5);
            console.log(`    ${name.padEnd(40)} p50 ${p50.toFixed(2).padStart(6)} ms  p95 ${quantile(xs, 0.95).toFixed(2).padStart(6)} ms${name === "static asset" ? "" : `  ${(p50 / asset).toFixed(2)}x the asset`}`);
          }
        } finally {
          await worker.stop();
        }
      }
    } finally {
      await pooler?.stop();
    }
  } finally {
    rmSync(persistTo, { recursive: true, force: true });
    await github.close();
    await scratch.drop();
    await stopBenchServer();
  }
}

/** A SKILL.md at every bound at once, of exactly SKILL_MD_MAX_BYTES. */
function skillMdAtLimits(): string {
  const description = "Plans, checks and reports a release step by step; ".repeat(90).slice(0, 4096).trim();
  const labels = Array.from({ length: 10 }, (_, i) => `label-${"x".repeat(20)}-${i}`);
  const points = Array.from({ length: 50 }, (_, i) => `  - hook-${i}: ${"Runs before the step and may change its input. ".repeat(4).trim()}`);
  const head = `---\nname: limit-skill\ndescription: ${description}\nlicense: Apache-2.0\nlabels: [${labels.join(", ")}]\nextensible: true\nextension-points:\n${points.join("\n")}\n---\n`;
  let body = "";
  const para = "## Section\n\nThe agent reads the plan, checks each item against the repository and writes a short report with the \"next steps\".\n\n";
  while (Buffer.byteLength(head + body + para) <= SKILL_MD_MAX_BYTES) body += para;
  return (head + body).padEnd(SKILL_MD_MAX_BYTES - Buffer.byteLength(head + body) + (head + body).length, "x");
}

async function kvBytesAtLimits(): Promise<void> {
  const store = await createTestKV();
  try {
    const content = skillMdAtLimits();
    const parsed = parseSkillMd(content);
    if (!parsed.ok) throw new Error(`the limit SKILL.md does not parse: ${parsed.error}`);
    const fm = parsed.value;
    await runWithWorkerEnv({ SUBMISSIONS_KV: store.kv }, async () => {
      const res = await publishSkill(store.kv, {
        repoUrl: "https://github.com/bench-org/limits",
        skillName: fm.name,
        skillPath: "skills/limit-skill",
        displayName: fm.name,
        description: fm.description,
        license: fm.license,
        category: fm.category,
        labels: fm.labels,
        extensible: fm.extensible,
        extensionPoints: fm.extensionPoints,
        certScore: 100,
      });
      await storePublishedVersion(store.kv, null, newVersion({
        skill: res.slug, version: "1.0.0", sha256: await sha256Hex(content), path: "skills/limit-skill/SKILL.md", commitSha: "f".repeat(40), content,
        scan: { verdict: "pass", score: 100, findings: [], rulesVersion: "bench" },
      }));
      const record = await store.kv.getWithMetadata(skillKey(res.slug), "text");
      const stored = await store.kv.get(skillMdKey(res.slug), "text");
      const recordBytes = Buffer.byteLength(record.value ?? "");
      const metadataBytes = Buffer.byteLength(JSON.stringify(record.metadata));
      const versionBytes = Buffer.byteLength(stored ?? "");
      console.log(`  a skill at every bound (SKILL.md ${SKILL_MD_MAX_BYTES} bytes, description ${fm.description.length} chars, ${fm.labels.length} labels, ${fm.extensionPoints.length} extension points):`);
      console.log(`    skill:{slug}    value ${recordBytes} bytes, metadata ${metadataBytes} bytes (KV allows 1,024)`);
      console.log(`    skillmd:{slug}  value ${versionBytes} bytes (KV allows 25 MiB)`);
      console.log(`    total ${recordBytes + metadataBytes + versionBytes} bytes per skill at the limits`);
    });
  } finally {
    await store.dispose();
  }
}

export async function benchSkillPage(): Promise<void> {
  await kvBytesAtLimits();
  await pageLatency();
}
