/**
 * The skill model shared by every source (seed, Prisma, KV). Dates are ISO-8601 strings so a
 * skill serialises the same way from any source.
 */
export const CERT_TIERS = ["SCANNED", "VERIFIED", "CERTIFIED"] as const;
export type CertTier = (typeof CERT_TIERS)[number];

export const CERT_METHODS = ["AUTOMATED_SCAN", "LLM_JUDGE", "MANUAL_REVIEW", "VENDOR_AUTO"] as const;
export type CertMethod = (typeof CERT_METHODS)[number];

/** Where a skill came from; seed skills are canonical for their slugs. */
export type SkillSource = "seed" | "prisma" | "kv";

export interface ExtensionPoint {
  /** Short identifier, e.g. "templates". */
  name: string;
  /** What an extension placed here changes. */
  description: string;
}

export interface Skill {
  /** Unique slug; the URL segment under /skills/. */
  name: string;
  displayName: string;
  description: string;
  /** GitHub owner of the repo. */
  author: string;
  /** https://github.com/{owner}/{repo} */
  repoUrl: string;
  /** Path of the skill folder inside the repo (where SKILL.md lives). */
  skillPath: string;
  category: string;
  currentVersion: string;
  certTier: CertTier;
  certMethod: CertMethod;
  /** 0-100 */
  certScore: number;
  certifiedAt: string | null;
  labels: string[];
  extensible: boolean;
  extensionPoints: ExtensionPoint[];
  trendingScore7d: number;
  trendingScore30d: number;
  githubStars: number;
  createdAt: string;
  updatedAt: string;
  source: SkillSource;
}
