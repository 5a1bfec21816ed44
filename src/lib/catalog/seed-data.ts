/**
 * Seed catalogue for the Skill Marketplace.
 *
 * These 118 seed skills are canonical for their slugs and are always listed, whatever else is
 * available. Prisma rows and KV entries that reuse one of these names never produce a duplicate
 * listing: the seed skill wins and the other copy is ignored.
 *
 * Entries are written as a compact table; `seed()` fills in the derived fields (author and
 * repoUrl from "owner/repo", GitHub stars per repo, certification method from the tier, ISO
 * timestamps, `source: "seed"` and the extensibility flags).
 */
import { SKILL_DEFAULTS, type CertMethod, type CertTier, type ExtensionPoint, type Skill } from "./skill";

/** Category slugs, in display order. "development" is the default category. */
export const SKILL_CATEGORIES = [
  "development",
  "frontend",
  "testing",
  "devops",
  "data",
  "documents",
  "design",
  "writing",
  "security",
  "productivity",
  "ai-ml",
  "business",
  "research",
  "education",
  "communication",
] as const;

export type SkillCategory = (typeof SKILL_CATEGORIES)[number];

/** Number of entries in SEED_SKILLS. */
export const SEED_SKILL_COUNT = 118;

/** GitHub stars of each source repository, shared by every skill published from it. */
const REPO_STARS = {
  "anthropics/skills": 31842,
  "openai/skills": 6127,
  "google-gemini/gemini-skills": 2874,
  "vercel-labs/agent-skills": 9453,
  "huggingface/skills": 1386,
  "supabase/agent-skills": 942,
  "hashicorp/agent-skills": 613,
  "expo/skills": 724,
  "trailofbits/skills": 2219,
  "obra/superpowers": 26418,
  "ComposioHQ/awesome-claude-skills": 18957,
  "wshobson/agents": 22706,
  "K-Dense-AI/claude-scientific-skills": 4863,
  "mrgoonie/claudekit-skills": 1594,
  "lackeyjb/playwright-skill": 1247,
  "conorluddy/ios-simulator-skill": 383,
  "jthack/ffuf_claude_skill": 214,
  "michalparkola/tapestry-skills-for-claude-code": 547,
  "alirezarezvani/claude-skills": 2986,
  "czlonkowski/n8n-skills": 1823,
  "muratcankoylan/Agent-Skills-for-Context-Engineering": 3417,
  "blader/humanizer": 1962,
  "coffeefuelbump/csv-data-summarizer-claude-skill": 336,
  "lena-okafor/teaching-skills": 168,
  "datadrift/analytics-skills": 291,
  "quillworks/editorial-skills": 127,
  "secureloop/appsec-skills": 452,
} as const satisfies Record<string, number>;

type SeedRepo = keyof typeof REPO_STARS;

/** Certification method implied by a tier unless an entry overrides it. */
const DEFAULT_CERT_METHOD: Record<CertTier, CertMethod> = {
  CERTIFIED: "VENDOR_AUTO",
  VERIFIED: "LLM_JUDGE",
  SCANNED: "AUTOMATED_SCAN",
};

interface SeedFields {
  displayName: string;
  category: SkillCategory;
  /** Folder holding SKILL.md, relative to the repo root. */
  path: string;
  version: string;
  description: string;
  tier: CertTier;
  /** Defaults to DEFAULT_CERT_METHOD[tier]. */
  method?: CertMethod;
  score: number;
  labels: string[];
  /** [7-day, 30-day] trending scores. */
  trending: readonly [number, number];
  /** [created, updated] as YYYY-MM-DD (UTC midnight); the skill was certified on the updated day. */
  dates: readonly [string, string];
  /** Present only on extensible skills. */
  extensionPoints?: ExtensionPoint[];
}

function isoDay(day: string): string {
  return `${day}T00:00:00.000Z`;
}

function seed(repo: SeedRepo, name: string, fields: SeedFields): Skill {
  const author = repo.slice(0, repo.indexOf("/"));
  const extensionPoints = fields.extensionPoints ?? [];
  const [createdDay, updatedDay] = fields.dates;
  return {
    ...SKILL_DEFAULTS,
    name,
    displayName: fields.displayName,
    description: fields.description,
    author,
    repoUrl: `https://github.com/${repo}`,
    skillPath: fields.path,
    category: fields.category,
    currentVersion: fields.version,
    certTier: fields.tier,
    certMethod: fields.method ?? DEFAULT_CERT_METHOD[fields.tier],
    certScore: fields.score,
    certifiedAt: isoDay(updatedDay),
    labels: fields.labels,
    extensible: extensionPoints.length > 0,
    extensionPoints,
    trendingScore7d: fields.trending[0],
    trendingScore30d: fields.trending[1],
    githubStars: REPO_STARS[repo],
    createdAt: isoDay(createdDay),
    updatedAt: isoDay(updatedDay),
    source: "seed",
  };
}

export const SEED_SKILLS: readonly Skill[] = [
  // anthropics/skills
  seed("anthropics/skills", "pdf", {
    displayName: "PDF", category: "documents", version: "1.4.0",
    path: "skills/pdf",
    description:
      "Extract text and tables from PDFs, fill PDF forms, merge and split documents, and create new PDFs with pypdf, pdfplumber and reportlab.",
    tier: "CERTIFIED", score: 98, labels: ["official", "pdf", "forms"],
    trending: [91.6, 94.2], dates: ["2025-10-16", "2026-03-04"],
  }),
  seed("anthropics/skills", "docx", {
    displayName: "DOCX", category: "documents", version: "1.3.2",
    path: "skills/docx",
    description:
      "Create, edit and analyze Word documents, including tracked changes, comments, headers and footers, and formatting preserved through OOXML edits.",
    tier: "CERTIFIED", score: 97, labels: ["official", "word", "office"],
    trending: [86.3, 90.8], dates: ["2025-10-16", "2026-02-18"],
  }),
  seed("anthropics/skills", "xlsx", {
    displayName: "XLSX", category: "documents", version: "1.3.0",
    path: "skills/xlsx",
    description:
      "Build and analyze Excel spreadsheets with formulas, formatting and charts; recalculates formulas and checks for #REF! and #DIV/0! errors before delivering.",
    tier: "CERTIFIED", score: 97, labels: ["official", "excel", "spreadsheets"],
    trending: [84.9, 89.5], dates: ["2025-10-16", "2026-02-11"],
  }),
  seed("anthropics/skills", "pptx", {
    displayName: "PPTX", category: "documents", version: "1.5.1",
    path: "skills/pptx",
    description:
      "Generate and edit PowerPoint decks from scratch or from templates, with layouts, speaker notes and thumbnail previews for visual QA.",
    tier: "CERTIFIED", score: 96, labels: ["official", "powerpoint", "presentations"],
    trending: [82.7, 87.1], dates: ["2025-10-16", "2026-04-09"],
    extensionPoints: [
      {
        name: "layouts",
        description: "Extra slide layouts (title, comparison, timeline) the skill can choose from when building a deck.",
      },
      {
        name: "master-templates",
        description: "Organisation .pptx masters used as the base for new presentations.",
      },
    ],
  }),
  seed("anthropics/skills", "frontend-design", {
    displayName: "Frontend Design", category: "frontend", version: "1.2.0",
    path: "skills/frontend-design",
    description:
      "Build distinctive, production-grade web interfaces that avoid generic AI aesthetics: bold typography, intentional color, purposeful motion and memorable layouts.",
    tier: "CERTIFIED", score: 96, labels: ["official", "ui", "css"],
    trending: [95.8, 97.3], dates: ["2025-10-16", "2026-05-21"],
    extensionPoints: [
      {
        name: "design-systems",
        description: "Design-system tokens and component conventions the generated UI must follow.",
      },
      {
        name: "aesthetic-presets",
        description: "Named visual directions (brutalist, editorial, retro-futurist) offered as starting points.",
      },
    ],
  }),
  seed("anthropics/skills", "canvas-design", {
    displayName: "Canvas Design", category: "design", version: "1.1.0",
    path: "skills/canvas-design",
    description:
      "Create original posters, art pieces and static visuals as PNG or PDF by writing a design philosophy first and then expressing it on a canvas.",
    tier: "CERTIFIED", score: 93, labels: ["official", "visual-art", "posters"],
    trending: [61.4, 68.9], dates: ["2025-10-16", "2026-01-14"],
  }),
  seed("anthropics/skills", "algorithmic-art", {
    displayName: "Algorithmic Art", category: "design", version: "1.1.1",
    path: "skills/algorithmic-art",
    description:
      "Generate seeded, reproducible generative art with p5.js, including flow fields and particle systems, delivered as an interactive HTML viewer with parameter controls.",
    tier: "CERTIFIED", score: 94, labels: ["official", "generative-art", "p5js"],
    trending: [57.2, 63.5], dates: ["2025-10-16", "2026-01-27"],
  }),
  seed("anthropics/skills", "mcp-builder", {
    displayName: "MCP Builder", category: "ai-ml", version: "1.3.0",
    path: "skills/mcp-builder",
    description:
      "Guide for building high-quality Model Context Protocol servers in TypeScript or Python, from tool design and schemas through evaluation question sets.",
    tier: "CERTIFIED", score: 97, labels: ["official", "mcp", "tools"],
    trending: [88.1, 91.9], dates: ["2025-10-16", "2026-04-30"],
    extensionPoints: [
      {
        name: "language-templates",
        description: "Server scaffolds for additional languages or frameworks beyond TypeScript and Python.",
      },
      {
        name: "evaluation-suites",
        description: "Domain-specific evaluation questions used to test the finished MCP server.",
      },
    ],
  }),
  seed("anthropics/skills", "webapp-testing", {
    displayName: "Webapp Testing", category: "testing", version: "1.2.1",
    path: "skills/webapp-testing",
    description:
      "Test local web applications with Playwright: start dev servers, take screenshots, read browser console logs and verify UI behaviour end to end.",
    tier: "CERTIFIED", score: 95, labels: ["official", "playwright", "e2e"],
    trending: [79.4, 83.6], dates: ["2025-10-16", "2026-03-19"],
  }),
  seed("anthropics/skills", "skill-creator", {
    displayName: "Skill Creator", category: "development", version: "1.4.2",
    path: "skills/skill-creator",
    description:
      "Create or update agent skills: plan the reusable scripts, references and assets, scaffold SKILL.md with good frontmatter, and package the skill for distribution.",
    tier: "CERTIFIED", score: 98, labels: ["official", "skills", "scaffolding"],
    trending: [93.2, 95.5], dates: ["2025-10-16", "2026-06-02"],
    extensionPoints: [
      {
        name: "templates",
        description: "Alternative SKILL.md templates for specific skill archetypes (workflow, tool wrapper, reference).",
      },
      {
        name: "validators",
        description: "Extra validation rules run against a skill before it is packaged.",
      },
    ],
  }),
  seed("anthropics/skills", "brand-guidelines", {
    displayName: "Brand Guidelines", category: "design", version: "1.0.3",
    path: "skills/brand-guidelines",
    description:
      "Apply official brand colors, typography and tone of voice to any artifact so slides, documents and pages stay on brand.",
    tier: "CERTIFIED", score: 92, labels: ["official", "branding", "typography"],
    trending: [48.6, 55.3], dates: ["2025-10-16", "2025-12-09"],
    extensionPoints: [
      {
        name: "brand-tokens",
        description: "Replace the default palette and font stack with your organisation's brand tokens.",
      },
      {
        name: "voice-rules",
        description: "Tone-of-voice rules and banned phrases applied to generated copy.",
      },
    ],
  }),
  seed("anthropics/skills", "internal-comms", {
    displayName: "Internal Comms", category: "communication", version: "1.0.2",
    path: "skills/internal-comms",
    description:
      "Write internal communications in house formats: 3P updates, company newsletters, FAQ responses, status reports, leadership updates and incident reports.",
    tier: "CERTIFIED", score: 91, labels: ["official", "updates", "newsletters"],
    trending: [52.9, 58.4], dates: ["2025-10-16", "2025-12-03"],
    extensionPoints: [
      {
        name: "formats",
        description: "Additional communication formats with their structure, length and audience guidance.",
      },
    ],
  }),
  seed("anthropics/skills", "theme-factory", {
    displayName: "Theme Factory", category: "design", version: "1.1.0",
    path: "skills/theme-factory",
    description:
      "Style slides, docs, reports and landing pages with one of ten curated color and font themes, or generate a new theme on the fly.",
    tier: "CERTIFIED", score: 90, labels: ["official", "themes", "styling"],
    trending: [45.1, 51.7], dates: ["2025-10-16", "2026-01-06"],
    extensionPoints: [
      {
        name: "themes",
        description: "Custom theme definitions (palette, font pairing, usage notes) added to the theme catalogue.",
      },
    ],
  }),
  seed("anthropics/skills", "slack-gif-creator", {
    displayName: "Slack GIF Creator", category: "communication", version: "1.0.4",
    path: "skills/slack-gif-creator",
    description:
      "Create animated GIFs sized and optimized for Slack emoji and message constraints, with validators for frame count, dimensions and file size.",
    tier: "CERTIFIED", score: 89, labels: ["official", "slack", "gif"],
    trending: [39.7, 47.2], dates: ["2025-10-16", "2025-12-15"],
  }),
  seed("anthropics/skills", "web-artifacts-builder", {
    displayName: "Web Artifacts Builder", category: "frontend", version: "1.2.0",
    path: "skills/web-artifacts-builder",
    description:
      "Build elaborate multi-component HTML artifacts with React, Tailwind CSS and shadcn/ui, bundled into a single self-contained HTML file.",
    tier: "CERTIFIED", score: 94, labels: ["official", "react", "shadcn"],
    trending: [70.3, 76.8], dates: ["2025-10-16", "2026-02-25"],
  }),
  seed("anthropics/skills", "doc-coauthoring", {
    displayName: "Doc Co-Authoring", category: "writing", version: "1.0.1",
    path: "skills/doc-coauthoring",
    description:
      "Structured workflow for co-authoring documentation, proposals and technical specs: gather context, refine section by section, then test the doc with a fresh reader.",
    tier: "CERTIFIED", score: 93, labels: ["official", "docs", "specs"],
    trending: [58.8, 60.2], dates: ["2025-12-04", "2026-02-02"],
  }),

  // openai/skills
  seed("openai/skills", "skill-installer", {
    displayName: "Skill Installer", category: "productivity", version: "1.1.0",
    path: "skills/skill-installer",
    description:
      "Install Codex skills from the curated catalogue or any GitHub repo path into the local skills directory, listing what is available first.",
    tier: "CERTIFIED", score: 95, labels: ["official", "codex", "installer"],
    trending: [66.5, 71.2], dates: ["2025-12-11", "2026-03-26"],
  }),
  seed("openai/skills", "gh-address-comments", {
    displayName: "GH Address Comments", category: "development", version: "1.0.2",
    path: "skills/gh-address-comments",
    description:
      "Find open review comments on the current branch's pull request with the gh CLI, apply the requested fixes and summarize what changed per thread.",
    tier: "CERTIFIED", score: 92, labels: ["official", "github", "code-review"],
    trending: [62.3, 65.9], dates: ["2025-12-11", "2026-02-20"],
  }),
  seed("openai/skills", "gh-fix-ci", {
    displayName: "GH Fix CI", category: "devops", version: "1.0.3",
    path: "skills/gh-fix-ci",
    description:
      "Inspect failing GitHub Actions checks on a PR, pull the relevant logs, identify the root cause and propose a minimal fix plan before editing.",
    tier: "CERTIFIED", score: 93, labels: ["official", "github-actions", "ci"],
    trending: [68.9, 72.4], dates: ["2025-12-11", "2026-03-05"],
  }),
  seed("openai/skills", "create-plan", {
    displayName: "Create Plan", category: "productivity", version: "1.0.1",
    path: "skills/create-plan",
    description:
      "Turn a vague request into a concise, checkable implementation plan with scope, ordered steps, risks and open questions before any code is written.",
    tier: "CERTIFIED", score: 90, labels: ["official", "planning"],
    trending: [55.7, 57.8], dates: ["2025-12-11", "2026-01-22"],
  }),
  seed("openai/skills", "notion-knowledge-capture", {
    displayName: "Notion Knowledge Capture", category: "productivity", version: "1.0.0",
    path: "skills/notion-knowledge-capture",
    description:
      "Capture decisions, how-tos and learnings from a conversation into well-structured Notion wiki pages, linked to the right databases.",
    tier: "CERTIFIED", score: 88, labels: ["official", "notion", "knowledge-base"],
    trending: [41.2, 44.6], dates: ["2025-12-11", "2026-01-15"],
  }),
  seed("openai/skills", "notion-meeting-intelligence", {
    displayName: "Notion Meeting Intelligence", category: "communication", version: "1.0.0",
    path: "skills/notion-meeting-intelligence",
    description:
      "Prepare meeting pre-reads and agendas from related Notion pages, then file notes, decisions and action items back to Notion afterwards.",
    tier: "CERTIFIED", score: 88, labels: ["official", "notion", "meetings"],
    trending: [38.4, 42.9], dates: ["2025-12-11", "2026-01-15"],
  }),
  seed("openai/skills", "notion-research-documentation", {
    displayName: "Notion Research Documentation", category: "research", version: "1.0.1",
    path: "skills/notion-research-documentation",
    description:
      "Search across a Notion workspace, synthesize findings from multiple pages and publish a cited research brief or comparison report.",
    tier: "CERTIFIED", score: 89, labels: ["official", "notion", "synthesis"],
    trending: [36.9, 40.3], dates: ["2025-12-11", "2026-02-03"],
  }),
  seed("openai/skills", "notion-spec-to-implementation", {
    displayName: "Notion Spec to Implementation", category: "development", version: "1.0.0",
    path: "skills/notion-spec-to-implementation",
    description:
      "Turn a product spec stored in Notion into an implementation plan and linked Notion tasks with acceptance criteria, then track progress.",
    tier: "CERTIFIED", score: 87, labels: ["official", "notion", "specs"],
    trending: [34.6, 39.1], dates: ["2025-12-11", "2026-01-15"],
  }),

  // google-gemini/gemini-skills
  seed("google-gemini/gemini-skills", "gemini-api-dev", {
    displayName: "Gemini API Development", category: "ai-ml", version: "1.2.0",
    path: "skills/gemini-api-dev",
    description:
      "Build apps on the Gemini API with the Google Gen AI SDK: model selection, structured output, streaming, context caching and token-count budgeting.",
    tier: "CERTIFIED", score: 95, labels: ["official", "gemini", "sdk"],
    trending: [72.6, 69.8], dates: ["2026-01-20", "2026-05-12"],
  }),
  seed("google-gemini/gemini-skills", "gemini-image-generation", {
    displayName: "Gemini Image Generation", category: "design", version: "1.1.0",
    path: "skills/gemini-image-generation",
    description:
      "Generate and iteratively edit images with Gemini image models, including multi-turn edits, character consistency and image-plus-text prompting.",
    tier: "CERTIFIED", score: 92, labels: ["official", "gemini", "image-generation"],
    trending: [76.2, 66.4], dates: ["2026-01-20", "2026-04-28"],
  }),
  seed("google-gemini/gemini-skills", "gemini-live-api", {
    displayName: "Gemini Live API", category: "ai-ml", version: "1.0.2",
    path: "skills/gemini-live-api",
    description:
      "Build low-latency voice and video agents on the Gemini Live API over WebSockets, with audio streaming, interruptions and tool calls mid-conversation.",
    tier: "CERTIFIED", score: 91, labels: ["official", "gemini", "voice"],
    trending: [44.7, 38.5], dates: ["2026-01-20", "2026-03-31"],
  }),
  seed("google-gemini/gemini-skills", "gemini-function-calling", {
    displayName: "Gemini Function Calling", category: "ai-ml", version: "1.0.1",
    path: "skills/gemini-function-calling",
    description:
      "Declare tools with OpenAPI-style schemas, handle parallel and compositional function calls, and loop results back to Gemini safely.",
    tier: "CERTIFIED", score: 93, labels: ["official", "gemini", "tool-use"],
    trending: [50.4, 46.1], dates: ["2026-01-20", "2026-03-10"],
  }),

  // vercel-labs/agent-skills
  seed("vercel-labs/agent-skills", "react-best-practices", {
    displayName: "React Best Practices", category: "frontend", version: "1.3.0",
    path: "skills/react-best-practices",
    description:
      "Performance rules for React and Next.js code: eliminate request waterfalls, shrink client bundles, use Server Components well and avoid needless re-renders.",
    tier: "CERTIFIED", score: 96, labels: ["official", "react", "nextjs"],
    trending: [89.4, 86.2], dates: ["2026-01-14", "2026-06-18"],
  }),
  seed("vercel-labs/agent-skills", "web-design-guidelines", {
    displayName: "Web Design Guidelines", category: "design", version: "1.1.2",
    path: "skills/web-design-guidelines",
    description:
      "Review UI code against a checklist of accessibility, focus states, forms, animation, typography and dark-mode guidelines and report concrete fixes.",
    tier: "CERTIFIED", score: 94, labels: ["official", "accessibility", "ui-review"],
    trending: [74.8, 71.3], dates: ["2026-01-14", "2026-05-06"],
  }),
  seed("vercel-labs/agent-skills", "vercel-deploy", {
    displayName: "Vercel Deploy", category: "devops", version: "1.0.4",
    path: "skills/vercel-deploy",
    description:
      "Deploy the current project to Vercel and return a preview URL plus a claim link, detecting the framework automatically with no account setup.",
    tier: "CERTIFIED", score: 91, labels: ["official", "vercel", "deployment"],
    trending: [63.1, 59.7], dates: ["2026-01-14", "2026-04-02"],
  }),

  // huggingface/skills
  seed("huggingface/skills", "hf-model-trainer", {
    displayName: "Hugging Face Model Trainer", category: "ai-ml", version: "1.1.0",
    path: "skills/hf-model-trainer",
    description:
      "Fine-tune language models with TRL (SFT, DPO, GRPO) on Hugging Face Jobs: pick hardware, estimate cost, monitor training and push the model to the Hub.",
    tier: "CERTIFIED", score: 94, labels: ["official", "fine-tuning", "trl"],
    trending: [58.3, 53.6], dates: ["2025-12-02", "2026-04-22"],
  }),
  seed("huggingface/skills", "hf-dataset-creator", {
    displayName: "Hugging Face Dataset Creator", category: "data", version: "1.0.2",
    path: "skills/hf-dataset-creator",
    description:
      "Create, clean and publish datasets on the Hugging Face Hub with dataset cards, splits and streaming-friendly Parquet shards.",
    tier: "CERTIFIED", score: 92, labels: ["official", "datasets", "parquet"],
    trending: [42.9, 41.1], dates: ["2025-12-02", "2026-03-03"],
  }),
  seed("huggingface/skills", "hf-evaluation", {
    displayName: "Hugging Face Evaluation", category: "ai-ml", version: "1.0.1",
    path: "skills/hf-evaluation",
    description:
      "Run benchmark evaluations with lighteval or inspect-ai on Hub models and add the results to model cards as structured eval metadata.",
    tier: "CERTIFIED", score: 91, labels: ["official", "evals", "benchmarks"],
    trending: [37.5, 35.9], dates: ["2025-12-02", "2026-02-17"],
  }),
  seed("huggingface/skills", "hf-paper-publisher", {
    displayName: "Hugging Face Paper Publisher", category: "research", version: "1.0.0",
    path: "skills/hf-paper-publisher",
    description:
      "Publish research papers on Hugging Face: link papers to models and datasets, write paper pages, and generate summaries from the arXiv source.",
    tier: "CERTIFIED", score: 89, labels: ["official", "papers", "arxiv"],
    trending: [22.4, 27.8], dates: ["2025-12-02", "2026-01-19"],
  }),

  // supabase/agent-skills
  seed("supabase/agent-skills", "postgres-best-practices", {
    displayName: "Postgres Best Practices", category: "data", version: "1.2.0",
    path: "skills/supabase-postgres-best-practices",
    description:
      "Postgres performance and schema rules from Supabase: indexing strategy, row-level security policies, connection pooling and safe migrations.",
    tier: "CERTIFIED", score: 95, labels: ["official", "postgres", "supabase"],
    trending: [71.9, 67.4], dates: ["2026-01-22", "2026-05-28"],
  }),

  // hashicorp/agent-skills
  seed("hashicorp/agent-skills", "terraform-style-guide", {
    displayName: "Terraform Style Guide", category: "devops", version: "1.0.2",
    path: "terraform/code-generation/skills/terraform-style-guide",
    description:
      "Write Terraform that follows HashiCorp's style conventions: file layout, naming, variable validation, module versioning and formatting.",
    tier: "CERTIFIED", score: 93, labels: ["official", "terraform", "iac"],
    trending: [46.3, 43.8], dates: ["2026-02-05", "2026-05-19"],
  }),
  seed("hashicorp/agent-skills", "terraform-test", {
    displayName: "Terraform Test", category: "testing", version: "1.0.1",
    path: "terraform/code-generation/skills/terraform-test",
    description:
      "Write and run native terraform test files (.tftest.hcl) with mocked providers, plan-only assertions and expected failures.",
    tier: "CERTIFIED", score: 92, labels: ["official", "terraform", "iac-testing"],
    trending: [31.8, 30.2], dates: ["2026-02-05", "2026-04-16"],
  }),

  // expo/skills
  seed("expo/skills", "expo-building-ui", {
    displayName: "Expo Building UI", category: "frontend", version: "1.1.0",
    path: "plugins/expo-app-design/skills/building-native-ui",
    description:
      "Build native-feeling React Native screens with Expo Router, native tabs, SF Symbols, blur effects and platform-correct navigation patterns.",
    tier: "CERTIFIED", score: 93, labels: ["official", "expo", "react-native"],
    trending: [54.6, 50.8], dates: ["2026-01-28", "2026-05-14"],
  }),
  seed("expo/skills", "expo-upgrade", {
    displayName: "Expo Upgrade", category: "development", version: "1.0.3",
    path: "plugins/upgrading-expo/skills/upgrading-expo",
    description:
      "Upgrade an Expo project to the latest SDK: bump dependencies, apply breaking-change codemods, and clear caches and prebuild artifacts.",
    tier: "CERTIFIED", score: 90, labels: ["official", "expo", "migrations"],
    trending: [28.7, 33.4], dates: ["2026-01-28", "2026-04-08"],
  }),

  // trailofbits/skills
  seed("trailofbits/skills", "constant-time-analysis", {
    displayName: "Constant-Time Analysis", category: "security", version: "1.0.2",
    path: "plugins/constant-time-analysis/skills/constant-time-analysis",
    description:
      "Detect timing side channels in cryptographic code by compiling to assembly and flagging secret-dependent branches, divisions and memory lookups.",
    tier: "CERTIFIED", method: "MANUAL_REVIEW", score: 95, labels: ["security", "cryptography", "side-channels"],
    trending: [27.3, 31.6], dates: ["2026-01-12", "2026-03-30"],
  }),
  seed("trailofbits/skills", "differential-review", {
    displayName: "Differential Review", category: "security", version: "1.1.0",
    path: "plugins/differential-review/skills/differential-review",
    description:
      "Security-focused review of code changes: map the blast radius of a diff, check git history for regressions and write up findings by severity.",
    tier: "CERTIFIED", method: "MANUAL_REVIEW", score: 94, labels: ["security", "code-review", "audit"],
    trending: [40.6, 39.4], dates: ["2026-01-12", "2026-04-21"],
  }),
  seed("trailofbits/skills", "static-analysis", {
    displayName: "Static Analysis", category: "security", version: "1.1.1",
    path: "plugins/static-analysis/skills/static-analysis",
    description:
      "Run CodeQL and Semgrep scans, write custom queries and rules for a codebase, and triage SARIF results into true and false positives.",
    tier: "CERTIFIED", method: "MANUAL_REVIEW", score: 96, labels: ["security", "codeql", "semgrep"],
    trending: [49.2, 47.7], dates: ["2026-01-12", "2026-05-05"],
  }),
  seed("trailofbits/skills", "property-based-testing", {
    displayName: "Property-Based Testing", category: "testing", version: "1.0.1",
    path: "plugins/property-based-testing/skills/property-based-testing",
    description:
      "Find properties worth testing (round-trips, invariants, idempotence) and write Hypothesis or fast-check tests that shrink failures to minimal cases.",
    tier: "CERTIFIED", method: "MANUAL_REVIEW", score: 93, labels: ["testing", "hypothesis", "fuzzing"],
    trending: [33.9, 36.4], dates: ["2026-01-12", "2026-03-17"],
  }),
  seed("trailofbits/skills", "insecure-defaults", {
    displayName: "Insecure Defaults", category: "security", version: "1.0.0",
    path: "plugins/insecure-defaults/skills/insecure-defaults",
    description:
      "Hunt for fail-open configuration: hardcoded secrets, permissive CORS, disabled TLS verification and debug modes that ship to production.",
    tier: "CERTIFIED", method: "MANUAL_REVIEW", score: 91, labels: ["security", "configuration"],
    trending: [25.1, 24.3], dates: ["2026-02-10", "2026-03-24"],
  }),

  // obra/superpowers
  seed("obra/superpowers", "test-driven-development", {
    displayName: "Test-Driven Development", category: "testing", version: "4.1.0",
    path: "skills/test-driven-development",
    description:
      "Enforce red-green-refactor: write a failing test first, watch it fail for the right reason, write the minimal code to pass, then refactor.",
    tier: "CERTIFIED", method: "MANUAL_REVIEW", score: 95, labels: ["superpowers", "tdd", "workflow"],
    trending: [90.7, 92.6], dates: ["2025-10-10", "2026-06-09"],
  }),
  seed("obra/superpowers", "systematic-debugging", {
    displayName: "Systematic Debugging", category: "development", version: "4.1.0",
    path: "skills/systematic-debugging",
    description:
      "Four-phase debugging: investigate the root cause, analyze patterns, test one hypothesis at a time, then fix and verify, with no guess-and-check patches.",
    tier: "CERTIFIED", method: "MANUAL_REVIEW", score: 96, labels: ["superpowers", "debugging"],
    trending: [87.5, 90.1], dates: ["2025-10-10", "2026-06-09"],
  }),
  seed("obra/superpowers", "brainstorming", {
    displayName: "Brainstorming", category: "productivity", version: "4.0.2",
    path: "skills/brainstorming",
    description:
      "Refine rough ideas into a validated design through one-question-at-a-time Socratic dialogue, exploring alternatives before committing to a plan.",
    tier: "CERTIFIED", method: "MANUAL_REVIEW", score: 93, labels: ["superpowers", "ideation", "design-review"],
    trending: [80.2, 84.7], dates: ["2025-10-10", "2026-05-26"],
  }),
  seed("obra/superpowers", "writing-plans", {
    displayName: "Writing Plans", category: "development", version: "4.0.1",
    path: "skills/writing-plans",
    description:
      "Write detailed implementation plans with exact file paths, complete code snippets and verification steps, sized for an engineer with zero context.",
    tier: "VERIFIED", score: 92, labels: ["superpowers", "planning"],
    trending: [77.9, 81.4], dates: ["2025-10-10", "2026-05-26"],
  }),
  seed("obra/superpowers", "executing-plans", {
    displayName: "Executing Plans", category: "development", version: "4.0.1",
    path: "skills/executing-plans",
    description:
      "Execute a written plan in controlled batches, pausing at review checkpoints to report progress and get feedback before continuing.",
    tier: "VERIFIED", score: 90, labels: ["superpowers", "planning", "workflow"],
    trending: [69.6, 74.1], dates: ["2025-10-10", "2026-05-26"],
  }),
  seed("obra/superpowers", "subagent-driven-development", {
    displayName: "Subagent-Driven Development", category: "ai-ml", version: "4.0.0",
    path: "skills/subagent-driven-development",
    description:
      "Dispatch a fresh subagent per plan task with a code review between tasks, keeping the main context clean and catching issues early.",
    tier: "VERIFIED", score: 89, labels: ["superpowers", "subagents", "orchestration"],
    trending: [73.5, 70.7], dates: ["2025-10-24", "2026-05-26"],
  }),
  seed("obra/superpowers", "using-git-worktrees", {
    displayName: "Using Git Worktrees", category: "development", version: "4.0.0",
    path: "skills/using-git-worktrees",
    description:
      "Create isolated git worktrees for feature work with smart directory selection, ignore-file checks and a clean test baseline before starting.",
    tier: "VERIFIED", score: 88, labels: ["superpowers", "git"],
    trending: [51.3, 56.9], dates: ["2025-10-10", "2026-04-07"],
  }),
  seed("obra/superpowers", "requesting-code-review", {
    displayName: "Requesting Code Review", category: "development", version: "4.0.0",
    path: "skills/requesting-code-review",
    description:
      "Ask a reviewer subagent to check work against the plan and requirements before merging, with issues graded by severity.",
    tier: "VERIFIED", score: 87, labels: ["superpowers", "code-review"],
    trending: [47.4, 52.1], dates: ["2025-10-10", "2026-04-07"],
  }),
  seed("obra/superpowers", "receiving-code-review", {
    displayName: "Receiving Code Review", category: "development", version: "4.0.0",
    path: "skills/receiving-code-review",
    description:
      "Respond to review feedback with technical rigor: verify each suggestion before implementing it and push back on changes that are wrong.",
    tier: "VERIFIED", score: 86, labels: ["superpowers", "code-review"],
    trending: [43.3, 48.2], dates: ["2025-10-10", "2026-04-07"],
  }),
  seed("obra/superpowers", "verification-before-completion", {
    displayName: "Verification Before Completion", category: "testing", version: "4.0.1",
    path: "skills/verification-before-completion",
    description:
      "Require running the verification commands and reading their output before claiming a task is done, fixed or passing.",
    tier: "VERIFIED", score: 91, labels: ["superpowers", "verification"],
    trending: [64.8, 66.7], dates: ["2025-10-24", "2026-05-26"],
  }),
  seed("obra/superpowers", "root-cause-tracing", {
    displayName: "Root Cause Tracing", category: "development", version: "3.2.0",
    path: "skills/root-cause-tracing",
    description:
      "Trace bugs backward through the call stack to the original trigger, adding instrumentation where needed instead of patching symptoms.",
    tier: "VERIFIED", score: 88, labels: ["superpowers", "debugging"],
    trending: [35.8, 42.1], dates: ["2025-10-10", "2026-02-13"],
  }),
  seed("obra/superpowers", "condition-based-waiting", {
    displayName: "Condition-Based Waiting", category: "testing", version: "3.2.0",
    path: "skills/condition-based-waiting",
    description:
      "Replace arbitrary sleeps and timeouts in tests with polling for the actual condition, eliminating flaky race conditions.",
    tier: "VERIFIED", score: 87, labels: ["superpowers", "flaky-tests"],
    trending: [29.4, 34.8], dates: ["2025-10-10", "2026-02-13"],
  }),
  seed("obra/superpowers", "testing-anti-patterns", {
    displayName: "Testing Anti-Patterns", category: "testing", version: "3.2.0",
    path: "skills/testing-anti-patterns",
    description:
      "Catch tests that assert on mock behaviour, test-only methods added to production classes, and mocking without understanding dependencies.",
    tier: "VERIFIED", score: 87, labels: ["superpowers", "mocks", "test-quality"],
    trending: [32.5, 37.3], dates: ["2025-10-10", "2026-02-13"],
  }),
  seed("obra/superpowers", "dispatching-parallel-agents", {
    displayName: "Dispatching Parallel Agents", category: "ai-ml", version: "4.0.0",
    path: "skills/dispatching-parallel-agents",
    description:
      "Investigate three or more independent failures concurrently by dispatching one focused agent per problem domain and merging their results.",
    tier: "VERIFIED", score: 85, labels: ["superpowers", "subagents", "parallelism"],
    trending: [56.1, 54.2], dates: ["2025-10-24", "2026-04-07"],
  }),
  seed("obra/superpowers", "writing-skills", {
    displayName: "Writing Skills", category: "writing", version: "4.0.0",
    path: "skills/writing-skills",
    description:
      "Apply TDD to documentation: pressure-test a new skill with subagent scenarios, watch it fail, then write the SKILL.md guidance that makes it pass.",
    tier: "VERIFIED", score: 86, labels: ["superpowers", "skills", "documentation"],
    trending: [30.9, 28.6], dates: ["2025-10-24", "2026-04-07"],
  }),

  // ComposioHQ/awesome-claude-skills
  seed("ComposioHQ/awesome-claude-skills", "changelog-generator", {
    displayName: "Changelog Generator", category: "writing", version: "1.2.0",
    path: "changelog-generator",
    description:
      "Turn git commit history into user-facing changelogs and release notes, grouping changes by type and rewriting technical commits in plain language.",
    tier: "VERIFIED", score: 84, labels: ["community", "changelog", "release-notes"],
    trending: [45.9, 49.3], dates: ["2025-10-21", "2026-02-09"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "competitive-ads-extractor", {
    displayName: "Competitive Ads Extractor", category: "business", version: "1.0.1",
    path: "competitive-ads-extractor",
    description:
      "Pull competitors' ads from ad libraries and analyze messaging, pain points and creative patterns to find positioning gaps.",
    tier: "SCANNED", score: 74, labels: ["community", "marketing", "competitor-research"],
    trending: [21.7, 26.5], dates: ["2025-10-21", "2025-12-18"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "content-research-writer", {
    displayName: "Content Research Writer", category: "writing", version: "1.1.0",
    path: "content-research-writer",
    description:
      "Research a topic, add citations, improve hooks and give section-by-section feedback while drafting long-form articles in the author's voice.",
    tier: "VERIFIED", score: 82, labels: ["community", "articles", "citations"],
    trending: [38.1, 43.4], dates: ["2025-10-21", "2026-01-30"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "domain-name-brainstormer", {
    displayName: "Domain Name Brainstormer", category: "business", version: "1.0.0",
    path: "domain-name-brainstormer",
    description:
      "Generate creative domain names for a project and check availability across .com, .io, .dev, .ai and other TLDs.",
    tier: "SCANNED", score: 71, labels: ["community", "naming", "domains"],
    trending: [17.6, 22.9], dates: ["2025-10-21", "2025-11-27"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "file-organizer", {
    displayName: "File Organizer", category: "productivity", version: "1.0.2",
    path: "file-organizer",
    description:
      "Organize messy folders by understanding file contents and context, find duplicates and propose a tidy structure before moving anything.",
    tier: "VERIFIED", score: 80, labels: ["community", "files", "cleanup"],
    trending: [33.2, 38.7], dates: ["2025-10-21", "2026-01-08"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "invoice-organizer", {
    displayName: "Invoice Organizer", category: "business", version: "1.0.1",
    path: "invoice-organizer",
    description:
      "Read invoices and receipts, extract vendor, date and amount, rename files consistently and sort them into tax-ready folders.",
    tier: "SCANNED", score: 76, labels: ["community", "finance", "bookkeeping"],
    trending: [19.8, 24.1], dates: ["2025-10-21", "2025-12-18"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "lead-research-assistant", {
    displayName: "Lead Research Assistant", category: "business", version: "1.0.2",
    path: "lead-research-assistant",
    description:
      "Identify high-quality leads for a product by analyzing your business, searching for target companies and suggesting outreach angles for each.",
    tier: "VERIFIED", score: 79, labels: ["community", "sales", "prospecting"],
    trending: [26.4, 30.9], dates: ["2025-10-21", "2026-01-08"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "meeting-insights-analyzer", {
    displayName: "Meeting Insights Analyzer", category: "communication", version: "1.0.1",
    path: "meeting-insights-analyzer",
    description:
      "Analyze meeting transcripts for communication patterns such as conflict avoidance, speaking ratios and filler words, with actionable feedback.",
    tier: "VERIFIED", score: 81, labels: ["community", "meetings", "transcripts"],
    trending: [28.2, 32.7], dates: ["2025-10-21", "2025-12-30"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "image-enhancer", {
    displayName: "Image Enhancer", category: "design", version: "1.0.1",
    path: "image-enhancer",
    description:
      "Improve screenshots and images for docs and presentations by upscaling, sharpening and cleaning artifacts while keeping them crisp at any size.",
    tier: "SCANNED", score: 75, labels: ["community", "images"],
    trending: [23.5, 27.1], dates: ["2025-10-21", "2025-12-05"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "tailored-resume-generator", {
    displayName: "Tailored Resume Generator", category: "writing", version: "1.0.0",
    path: "tailored-resume-generator",
    description:
      "Analyze a job description and produce a tailored resume that highlights matching experience and keywords without inventing credentials.",
    tier: "SCANNED", score: 72, labels: ["community", "resume", "careers"],
    trending: [24.8, 29.6], dates: ["2025-11-06", "2025-12-12"],
  }),
  seed("ComposioHQ/awesome-claude-skills", "developer-growth-analysis", {
    displayName: "Developer Growth Analysis", category: "education", version: "1.0.0",
    path: "developer-growth-analysis",
    description:
      "Review your recent coding-agent history to spot recurring mistakes and knowledge gaps, then curate learning resources that target them.",
    tier: "SCANNED", score: 70, labels: ["community", "learning", "self-improvement"],
    trending: [14.9, 18.2], dates: ["2025-11-06", "2025-12-12"],
  }),

  // wshobson/agents
  seed("wshobson/agents", "k8s-manifest-generator", {
    displayName: "Kubernetes Manifest Generator", category: "devops", version: "1.2.0",
    path: "plugins/kubernetes-operations/skills/k8s-manifest-generator",
    description:
      "Generate production-ready Kubernetes Deployments, Services, ConfigMaps and Secrets with resource limits, probes and security contexts.",
    tier: "VERIFIED", score: 86, labels: ["community", "kubernetes", "yaml"],
    trending: [41.8, 46.8], dates: ["2025-10-18", "2026-03-12"],
  }),
  seed("wshobson/agents", "helm-chart-scaffolding", {
    displayName: "Helm Chart Scaffolding", category: "devops", version: "1.1.0",
    path: "plugins/kubernetes-operations/skills/helm-chart-scaffolding",
    description:
      "Design, organize and lint Helm charts with sensible values.yaml defaults, templated helpers and chart testing.",
    tier: "VERIFIED", score: 84, labels: ["community", "helm", "kubernetes"],
    trending: [30.3, 35.2], dates: ["2025-10-18", "2026-02-26"],
  }),
  seed("wshobson/agents", "k8s-security-policies", {
    displayName: "Kubernetes Security Policies", category: "security", version: "1.0.3",
    path: "plugins/kubernetes-operations/skills/k8s-security-policies",
    description:
      "Harden clusters with NetworkPolicies, Pod Security Standards, RBAC least privilege and admission control for multi-tenant workloads.",
    tier: "VERIFIED", score: 85, labels: ["community", "kubernetes", "rbac"],
    trending: [24.6, 28.4], dates: ["2025-10-18", "2026-02-12"],
  }),
  seed("wshobson/agents", "github-actions-templates", {
    displayName: "GitHub Actions Templates", category: "devops", version: "1.2.1",
    path: "plugins/cicd-automation/skills/github-actions-templates",
    description:
      "Production GitHub Actions workflows for testing, building and deploying, with caching, matrix builds, OIDC cloud auth and reusable workflows.",
    tier: "VERIFIED", score: 87, labels: ["community", "github-actions", "ci-cd"],
    trending: [52.4, 55.8], dates: ["2025-10-18", "2026-03-12"],
  }),
  seed("wshobson/agents", "grafana-dashboards", {
    displayName: "Grafana Dashboards", category: "data", version: "1.0.1",
    path: "plugins/observability-monitoring/skills/grafana-dashboards",
    description:
      "Build Grafana dashboards as code for RED and USE metrics, with templated variables, sensible panel layouts and alert links.",
    tier: "SCANNED", score: 77, labels: ["community", "grafana", "dashboards"],
    trending: [16.7, 20.4], dates: ["2025-10-18", "2025-12-22"],
  }),
  seed("wshobson/agents", "sql-optimization-patterns", {
    displayName: "SQL Optimization Patterns", category: "data", version: "1.1.0",
    path: "plugins/database-design/skills/sql-optimization-patterns",
    description:
      "Read EXPLAIN plans, design covering and partial indexes, rewrite slow queries and eliminate N+1 access patterns.",
    tier: "VERIFIED", score: 88, labels: ["community", "sql", "performance"],
    trending: [39.9, 44.2], dates: ["2025-10-18", "2026-02-26"],
  }),
  seed("wshobson/agents", "python-testing-patterns", {
    displayName: "Python Testing Patterns", category: "testing", version: "1.1.0",
    path: "plugins/python-development/skills/python-testing-patterns",
    description:
      "pytest patterns for fixtures, parametrization, mocking at the right boundary, async tests and coverage that catches real regressions.",
    tier: "VERIFIED", score: 86, labels: ["community", "python", "pytest"],
    trending: [36.2, 40.8], dates: ["2025-10-18", "2026-02-26"],
  }),
  seed("wshobson/agents", "async-python-patterns", {
    displayName: "Async Python Patterns", category: "development", version: "1.0.2",
    path: "plugins/python-development/skills/async-python-patterns",
    description:
      "asyncio patterns for concurrent I/O: task groups, cancellation, timeouts, bounded concurrency and avoiding blocking calls in the event loop.",
    tier: "VERIFIED", score: 85, labels: ["community", "python", "asyncio"],
    trending: [31.4, 36.9], dates: ["2025-10-18", "2026-01-29"],
  }),
  seed("wshobson/agents", "api-design-principles", {
    displayName: "API Design Principles", category: "development", version: "1.1.1",
    path: "plugins/backend-development/skills/api-design-principles",
    description:
      "Design REST and GraphQL APIs that are consistent and evolvable: resource naming, pagination, error formats, versioning and idempotency keys.",
    tier: "VERIFIED", score: 89, labels: ["community", "rest", "graphql"],
    trending: [48.1, 51.5], dates: ["2025-10-18", "2026-03-12"],
  }),
  seed("wshobson/agents", "rag-implementation", {
    displayName: "RAG Implementation", category: "ai-ml", version: "1.2.0",
    path: "plugins/llm-application-dev/skills/rag-implementation",
    description:
      "Build retrieval-augmented generation pipelines: chunking strategies, hybrid search, reranking and grounded answers with source citations.",
    tier: "VERIFIED", score: 87, labels: ["community", "rag", "vector-search"],
    trending: [60.7, 62.9], dates: ["2025-10-18", "2026-03-26"],
  }),
  seed("wshobson/agents", "prompt-engineering-patterns", {
    displayName: "Prompt Engineering Patterns", category: "ai-ml", version: "1.1.0",
    path: "plugins/llm-application-dev/skills/prompt-engineering-patterns",
    description:
      "Advanced prompting techniques for production LLM apps: few-shot selection, structured outputs, chain-of-thought control and prompt versioning.",
    tier: "VERIFIED", score: 84, labels: ["community", "prompting", "llm"],
    trending: [53.8, 58.1], dates: ["2025-10-18", "2026-02-26"],
  }),

  // K-Dense-AI/claude-scientific-skills
  seed("K-Dense-AI/claude-scientific-skills", "rdkit", {
    displayName: "RDKit", category: "research", version: "1.3.0",
    path: "scientific-skills/rdkit",
    description:
      "Cheminformatics with RDKit: parse SMILES, compute molecular descriptors and fingerprints, run substructure searches and render molecules.",
    tier: "VERIFIED", score: 88, labels: ["community", "chemistry", "cheminformatics"],
    trending: [20.9, 25.7], dates: ["2025-10-20", "2026-03-02"],
  }),
  seed("K-Dense-AI/claude-scientific-skills", "biopython", {
    displayName: "Biopython", category: "research", version: "1.2.1",
    path: "scientific-skills/biopython",
    description:
      "Parse FASTA and GenBank files, run sequence alignments, query NCBI Entrez and work with protein structures using Biopython.",
    tier: "VERIFIED", score: 87, labels: ["community", "bioinformatics", "genomics"],
    trending: [18.6, 23.8], dates: ["2025-10-20", "2026-03-02"],
  }),
  seed("K-Dense-AI/claude-scientific-skills", "pubmed-database", {
    displayName: "PubMed Database", category: "research", version: "1.1.0",
    path: "scientific-skills/pubmed-database",
    description:
      "Search PubMed with MeSH terms and boolean queries, fetch abstracts and metadata through E-utilities, and export citations.",
    tier: "VERIFIED", score: 86, labels: ["community", "biomedical", "literature"],
    trending: [22.1, 26.2], dates: ["2025-10-20", "2026-02-10"],
  }),
  seed("K-Dense-AI/claude-scientific-skills", "literature-review", {
    displayName: "Literature Review", category: "research", version: "1.2.0",
    path: "scientific-skills/literature-review",
    description:
      "Conduct systematic literature reviews: build search strategies across databases, screen papers, extract findings and write a synthesis with references.",
    tier: "VERIFIED", score: 89, labels: ["community", "systematic-review", "academia"],
    trending: [34.3, 37.8], dates: ["2025-10-20", "2026-03-16"],
  }),
  seed("K-Dense-AI/claude-scientific-skills", "scientific-writing", {
    displayName: "Scientific Writing", category: "writing", version: "1.1.0",
    path: "scientific-skills/scientific-writing",
    description:
      "Draft and revise manuscripts in IMRaD structure with precise claims, consistent terminology, proper figure captions and journal-style references.",
    tier: "VERIFIED", score: 87, labels: ["community", "manuscripts", "academia"],
    trending: [27.6, 30.5], dates: ["2025-10-20", "2026-02-24"],
  }),
  seed("K-Dense-AI/claude-scientific-skills", "hypothesis-generation", {
    displayName: "Hypothesis Generation", category: "research", version: "1.0.1",
    path: "scientific-skills/hypothesis-generation",
    description:
      "Generate testable scientific hypotheses from observations and prior literature, with predicted outcomes and experiments that could falsify them.",
    tier: "SCANNED", score: 79, labels: ["community", "scientific-method"],
    trending: [15.3, 19.1], dates: ["2025-11-12", "2026-01-20"],
  }),

  // mrgoonie/claudekit-skills
  seed("mrgoonie/claudekit-skills", "chrome-devtools", {
    displayName: "Chrome DevTools", category: "testing", version: "1.1.0",
    path: ".claude/skills/chrome-devtools",
    description:
      "Automate Chrome through Puppeteer scripts to capture screenshots, performance traces, network requests and console errors for debugging.",
    tier: "VERIFIED", score: 82, labels: ["community", "puppeteer", "browser"],
    trending: [29.9, 32.2], dates: ["2025-10-27", "2026-02-05"],
  }),
  seed("mrgoonie/claudekit-skills", "better-auth", {
    displayName: "Better Auth", category: "security", version: "1.0.2",
    path: ".claude/skills/better-auth",
    description:
      "Implement authentication with Better Auth in TypeScript apps: email and password, OAuth providers, 2FA, passkeys and session management.",
    tier: "VERIFIED", score: 83, labels: ["community", "authentication", "typescript"],
    trending: [32.9, 34.1], dates: ["2025-10-27", "2026-01-22"],
  }),
  seed("mrgoonie/claudekit-skills", "ui-styling", {
    displayName: "UI Styling", category: "frontend", version: "1.1.0",
    path: ".claude/skills/ui-styling",
    description:
      "Style interfaces with Tailwind CSS and shadcn/ui: responsive layouts, dark mode, accessible components and consistent design tokens.",
    tier: "VERIFIED", score: 81, labels: ["community", "tailwind", "shadcn"],
    trending: [42.4, 45.1], dates: ["2025-10-27", "2026-02-05"],
  }),
  seed("mrgoonie/claudekit-skills", "sequential-thinking", {
    displayName: "Sequential Thinking", category: "productivity", version: "1.0.0",
    path: ".claude/skills/sequential-thinking",
    description:
      "Break complex problems into numbered thought steps that can be revised or branched, keeping a visible record of how a conclusion was reached.",
    tier: "SCANNED", score: 77, labels: ["community", "reasoning"],
    trending: [20.2, 22.6], dates: ["2025-10-27", "2025-12-11"],
  }),
  seed("mrgoonie/claudekit-skills", "media-processing", {
    displayName: "Media Processing", category: "design", version: "1.0.1",
    path: ".claude/skills/media-processing",
    description:
      "Process video, audio and images with FFmpeg and ImageMagick: transcode, trim, extract frames, resize and batch-convert assets.",
    tier: "SCANNED", score: 78, labels: ["community", "ffmpeg", "imagemagick"],
    trending: [19.4, 23.2], dates: ["2025-10-27", "2025-12-11"],
  }),

  // lackeyjb/playwright-skill
  seed("lackeyjb/playwright-skill", "playwright-skill", {
    displayName: "Playwright Skill", category: "testing", version: "1.3.0",
    path: "skills/playwright-skill",
    description:
      "General-purpose browser automation: the agent writes and runs custom Playwright scripts on the fly to test pages, fill forms and check responsive layouts.",
    tier: "VERIFIED", score: 88, labels: ["community", "playwright", "browser-automation"],
    trending: [59.1, 61.6], dates: ["2025-10-22", "2026-03-19"],
  }),

  // conorluddy/ios-simulator-skill
  seed("conorluddy/ios-simulator-skill", "ios-simulator", {
    displayName: "iOS Simulator", category: "testing", version: "1.2.0",
    path: "ios-simulator-skill",
    description:
      "Build, run and test iOS apps in the simulator through accessibility-tree navigation and semantic taps rather than brittle pixel coordinates.",
    tier: "VERIFIED", score: 84, labels: ["community", "ios", "xcode"],
    trending: [21.3, 24.7], dates: ["2025-10-25", "2026-02-16"],
  }),

  // jthack/ffuf_claude_skill
  seed("jthack/ffuf_claude_skill", "ffuf-web-fuzzing", {
    displayName: "FFUF Web Fuzzing", category: "security", version: "1.0.1",
    path: "ffuf-skill",
    description:
      "Run ffuf for content discovery, parameter and vhost fuzzing during authorized pentests, with calibrated filters and rate limits.",
    tier: "SCANNED", score: 76, labels: ["community", "pentesting", "fuzzing"],
    trending: [16.2, 18.7], dates: ["2025-10-24", "2025-12-08"],
  }),

  // michalparkola/tapestry-skills-for-claude-code
  seed("michalparkola/tapestry-skills-for-claude-code", "article-extractor", {
    displayName: "Article Extractor", category: "research", version: "1.0.1",
    path: "article-extractor",
    description:
      "Extract clean article text and metadata from web pages, stripping ads and navigation, and save it as Markdown for later reading or analysis.",
    tier: "SCANNED", score: 78, labels: ["community", "web-scraping", "reading"],
    trending: [14.2, 16.3], dates: ["2025-10-23", "2025-12-02"],
  }),
  seed("michalparkola/tapestry-skills-for-claude-code", "youtube-transcript", {
    displayName: "YouTube Transcript", category: "education", version: "1.0.2",
    path: "youtube-transcript",
    description:
      "Download YouTube video transcripts, with timestamps and chapter headings, to study lectures and talks or quote them accurately.",
    tier: "SCANNED", score: 80, labels: ["community", "youtube", "transcripts"],
    trending: [25.7, 27.4], dates: ["2025-10-23", "2025-12-16"],
  }),
  seed("michalparkola/tapestry-skills-for-claude-code", "ship-learn-next", {
    displayName: "Ship-Learn-Next", category: "education", version: "1.0.0",
    path: "ship-learn-next",
    description:
      "Turn tutorials, videos and articles into an action plan: ship a small project, reflect on what you learned and choose the next rep.",
    tier: "SCANNED", score: 73, labels: ["community", "learning", "projects"],
    trending: [9.6, 12.8], dates: ["2025-10-23", "2025-11-20"],
  }),

  // alirezarezvani/claude-skills
  seed("alirezarezvani/claude-skills", "content-creator", {
    displayName: "Content Creator", category: "business", version: "1.1.0",
    path: "marketing-skill/content-creator",
    description:
      "Plan and write SEO-optimized marketing content with a brand-voice analyzer, content calendars and per-platform social media frameworks.",
    tier: "VERIFIED", score: 80, labels: ["community", "marketing", "seo"],
    trending: [31.1, 33.6], dates: ["2025-10-28", "2026-01-26"],
  }),
  seed("alirezarezvani/claude-skills", "product-manager-toolkit", {
    displayName: "Product Manager Toolkit", category: "business", version: "1.0.2",
    path: "product-team/product-manager-toolkit",
    description:
      "PM toolkit with RICE prioritization, customer interview analysis, PRD templates and go-to-market checklists.",
    tier: "VERIFIED", score: 82, labels: ["community", "product-management", "prd"],
    trending: [28.9, 31.8], dates: ["2025-10-28", "2026-01-26"],
  }),

  // czlonkowski/n8n-skills
  seed("czlonkowski/n8n-skills", "n8n-workflow-patterns", {
    displayName: "n8n Workflow Patterns", category: "productivity", version: "1.2.0",
    path: "skills/n8n-workflow-patterns",
    description:
      "Proven n8n workflow architectures for webhooks, HTTP APIs, databases, AI agents and scheduled jobs, with error handling and retries built in.",
    tier: "VERIFIED", score: 87, labels: ["community", "n8n", "automation"],
    trending: [43.7, 41.9], dates: ["2025-10-30", "2026-03-09"],
    extensionPoints: [
      {
        name: "node-catalog",
        description: "Descriptions of custom or community n8n nodes the patterns may use.",
      },
      {
        name: "workflow-templates",
        description: "Organisation-specific workflow templates offered alongside the built-in patterns.",
      },
    ],
  }),
  seed("czlonkowski/n8n-skills", "n8n-expression-syntax", {
    displayName: "n8n Expression Syntax", category: "productivity", version: "1.1.0",
    path: "skills/n8n-expression-syntax",
    description:
      "Write and debug n8n expressions: {{ }} syntax, $json, $node and $now variables, and the common mistakes that break workflows.",
    tier: "VERIFIED", score: 85, labels: ["community", "n8n", "expressions"],
    trending: [26.1, 29.3], dates: ["2025-10-30", "2026-02-02"],
  }),
  seed("czlonkowski/n8n-skills", "n8n-code-javascript", {
    displayName: "n8n Code JavaScript", category: "development", version: "1.1.0",
    path: "skills/n8n-code-javascript",
    description:
      "Write JavaScript in n8n Code nodes correctly: item access patterns, return formats, $helpers for HTTP requests and DateTime handling.",
    tier: "VERIFIED", score: 84, labels: ["community", "n8n", "javascript"],
    trending: [23.9, 26.8], dates: ["2025-10-30", "2026-02-02"],
  }),

  // muratcankoylan/Agent-Skills-for-Context-Engineering
  seed("muratcankoylan/Agent-Skills-for-Context-Engineering", "context-fundamentals", {
    displayName: "Context Fundamentals", category: "ai-ml", version: "1.1.0",
    path: "skills/context-fundamentals",
    description:
      "Core concepts of context engineering: what belongs in an agent's context window, attention budgets, and progressive disclosure of information.",
    tier: "VERIFIED", score: 86, labels: ["community", "context-engineering", "agents"],
    trending: [46.9, 50.2], dates: ["2025-12-08", "2026-04-20"],
  }),
  seed("muratcankoylan/Agent-Skills-for-Context-Engineering", "context-degradation", {
    displayName: "Context Degradation", category: "ai-ml", version: "1.0.2",
    path: "skills/context-degradation",
    description:
      "Recognize and mitigate context failure modes such as lost-in-the-middle, context poisoning, distraction and clash in long-running agents.",
    tier: "VERIFIED", score: 85, labels: ["community", "context-engineering", "reliability"],
    trending: [35.3, 38.2], dates: ["2025-12-08", "2026-03-23"],
  }),
  seed("muratcankoylan/Agent-Skills-for-Context-Engineering", "multi-agent-patterns", {
    displayName: "Multi-Agent Patterns", category: "ai-ml", version: "1.0.1",
    path: "skills/multi-agent-patterns",
    description:
      "Choose between supervisor, swarm and hierarchical multi-agent architectures, with guidance on context isolation and hand-off protocols.",
    tier: "VERIFIED", score: 84, labels: ["community", "multi-agent", "architecture"],
    trending: [40.1, 43.7], dates: ["2025-12-08", "2026-03-23"],
  }),

  // blader/humanizer
  seed("blader/humanizer", "humanizer", {
    displayName: "Humanizer", category: "writing", version: "2.1.0",
    path: "humanizer",
    description:
      "Remove signs of AI-generated writing, such as inflated vocabulary, rule-of-three lists, em-dash overuse and vague attributions, while keeping the meaning intact.",
    tier: "VERIFIED", score: 90, labels: ["community", "editing", "style"],
    trending: [67.2, 64.4], dates: ["2025-11-18", "2026-05-07"],
  }),

  // coffeefuelbump/csv-data-summarizer-claude-skill
  seed("coffeefuelbump/csv-data-summarizer-claude-skill", "csv-data-summarizer", {
    displayName: "CSV Data Summarizer", category: "data", version: "1.0.1",
    path: "csv-data-summarizer",
    description:
      "Automatically profile any CSV with pandas: column types, missing values, distributions and correlations, plus charts and a plain-language summary.",
    tier: "SCANNED", score: 79, labels: ["community", "csv", "pandas"],
    trending: [22.8, 25.3], dates: ["2025-10-22", "2025-12-09"],
  }),

  // lena-okafor/teaching-skills
  seed("lena-okafor/teaching-skills", "socratic-tutor", {
    displayName: "Socratic Tutor", category: "education", version: "1.2.0",
    path: "skills/socratic-tutor",
    description:
      "Tutor students by asking guiding questions instead of giving answers, adapting hints to their misconceptions and checking understanding before moving on.",
    tier: "VERIFIED", score: 88, labels: ["community", "tutoring", "pedagogy"],
    trending: [37.1, 34.4], dates: ["2025-11-20", "2026-04-13"],
    extensionPoints: [
      {
        name: "subject-packs",
        description: "Subject-specific misconception lists and hint ladders (e.g. algebra, chemistry, programming).",
      },
      {
        name: "grade-levels",
        description: "Reading-level and tone presets for different age groups.",
      },
    ],
  }),
  seed("lena-okafor/teaching-skills", "flashcard-generator", {
    displayName: "Flashcard Generator", category: "education", version: "1.1.0",
    path: "skills/flashcard-generator",
    description:
      "Turn notes, slides or textbook chapters into spaced-repetition flashcards with cloze deletions, exported as Anki-compatible CSV.",
    tier: "VERIFIED", score: 83, labels: ["community", "anki", "spaced-repetition"],
    trending: [24.2, 22.1], dates: ["2025-11-20", "2026-02-23"],
  }),
  seed("lena-okafor/teaching-skills", "lesson-plan-designer", {
    displayName: "Lesson Plan Designer", category: "education", version: "1.0.1",
    path: "skills/lesson-plan-designer",
    description:
      "Design standards-aligned lesson plans with learning objectives, timed activities, differentiation strategies and an exit-ticket assessment.",
    tier: "SCANNED", score: 77, labels: ["community", "teaching", "curriculum"],
    trending: [17.9, 19.6], dates: ["2025-11-20", "2026-01-19"],
  }),

  // datadrift/analytics-skills
  seed("datadrift/analytics-skills", "duckdb-analyst", {
    displayName: "DuckDB Analyst", category: "data", version: "1.3.1",
    path: "skills/duckdb-analyst",
    description:
      "Answer analytics questions over local CSV, Parquet and JSON files with DuckDB SQL, showing the query alongside the result table.",
    tier: "VERIFIED", score: 89, labels: ["community", "duckdb", "sql"],
    trending: [44.3, 40.7], dates: ["2025-11-03", "2026-04-06"],
  }),
  seed("datadrift/analytics-skills", "dbt-model-builder", {
    displayName: "dbt Model Builder", category: "data", version: "1.1.0",
    path: "skills/dbt-model-builder",
    description:
      "Scaffold dbt models following staging, intermediate and mart layering, with schema tests, documentation blocks and incremental strategies.",
    tier: "VERIFIED", score: 85, labels: ["community", "dbt", "analytics-engineering"],
    trending: [27.1, 29.1], dates: ["2025-11-03", "2026-03-02"],
  }),

  // quillworks/editorial-skills
  seed("quillworks/editorial-skills", "copy-editor", {
    displayName: "Copy Editor", category: "writing", version: "1.2.0",
    path: "copy-editor",
    description:
      "Line-edit drafts for clarity, concision and grammar against a chosen style guide (AP, Chicago or house style), returning tracked suggestions.",
    tier: "VERIFIED", score: 86, labels: ["community", "editing", "style-guide"],
    trending: [32.1, 35.6], dates: ["2025-11-14", "2026-03-25"],
  }),
  seed("quillworks/editorial-skills", "newsletter-composer", {
    displayName: "Newsletter Composer", category: "communication", version: "1.0.1",
    path: "newsletter-composer",
    description:
      "Assemble email newsletters from links and notes: subject-line variants, a scannable layout, short summaries and a clear call to action.",
    tier: "SCANNED", score: 78, labels: ["community", "email", "newsletters"],
    trending: [13.3, 14.8], dates: ["2025-11-14", "2026-01-09"],
  }),

  // secureloop/appsec-skills
  seed("secureloop/appsec-skills", "secret-scanner", {
    displayName: "Secret Scanner", category: "security", version: "1.1.0",
    path: "skills/secret-scanner",
    description:
      "Scan a repository and its git history for leaked API keys, tokens and private keys, verify which are live, and write a rotation checklist.",
    tier: "VERIFIED", score: 88, labels: ["community", "secrets", "gitleaks"],
    trending: [34.9, 33.1], dates: ["2025-11-05", "2026-03-18"],
  }),
  seed("secureloop/appsec-skills", "threat-modeling", {
    displayName: "Threat Modeling", category: "security", version: "1.0.1",
    path: "skills/threat-modeling",
    description:
      "Produce a STRIDE threat model from an architecture description: data-flow diagram, trust boundaries, ranked threats and mitigations.",
    tier: "VERIFIED", score: 84, labels: ["community", "stride", "architecture"],
    trending: [23.1, 25.9], dates: ["2025-11-05", "2026-02-09"],
  }),
];

const SEED_SKILLS_BY_NAME: ReadonlyMap<string, Skill> = new Map(
  SEED_SKILLS.map((skill): [string, Skill] => [skill.name, skill]),
);

/** The seed skill with this slug, if any. */
export function findSeedSkill(name: string): Skill | undefined {
  return SEED_SKILLS_BY_NAME.get(name);
}
