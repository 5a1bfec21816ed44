/**
 * SKILL.md parsing: YAML frontmatter between a first `---` line and the next `---` line, then a
 * markdown body. The frontmatter is read by the YAML subset in yaml-subset.ts (errors name the
 * SKILL.md line) and validated by `skillMdFrontmatterSchema`.
 */
import { z } from "zod";
import { SKILL_CATEGORIES, type SkillCategory } from "../catalog/seed-data";
import type { ExtensionPoint } from "../catalog/skill";
import { slugify } from "../catalog/slug";
import { parseYaml, YamlError, type YamlValue } from "./yaml-subset";

export const SKILL_MD_MAX_BYTES = 256 * 1024;
export const MAX_LABELS = 10;
export const DEFAULT_SKILL_VERSION = "1.0.0";
// ---------------------------------------------------------------------------------------------
// Frontmatter schema

/** The validated, normalised frontmatter. List fields are always arrays (empty when absent). */
export interface SkillMdFrontmatter {
  name: string;
  description: string;
  /** Semver-ish ("1", "1.2", "1.2.3-beta.1"); a leading "v" is dropped; "1.0.0" when absent. */
  version: string;
  /** Only a known category slug; anything else is left undefined (the caller picks a default). */
  category?: SkillCategory;
  /** From `labels` or `tags`: kebab-case, deduped, at most MAX_LABELS (extra ones are dropped). */
  labels: string[];
  license?: string;
  extensible?: boolean;
  /** From `extension-points` or `extensionPoints`. */
  extensionPoints: ExtensionPoint[];
  /** From `allowed-tools`: a list, or one string separated by commas/spaces (parentheses kept). */
  allowedTools: string[];
  metadata?: Record<string, string>;
}

const SEMVERISH = /^v?\d+(?:\.\d+){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCategory = (s: string): s is SkillCategory => (SKILL_CATEGORIES as readonly string[]).includes(s);

const requiredText = (max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? "required" : "must be a string") })
    .trim()
    .min(1, "required")
    .max(max, `must be at most ${max} characters`);

/** Splits on commas and whitespace outside parentheses, so `Bash(git add:*), Read` is two tools. */
function splitTools(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of s) {
    depth = Math.max(0, depth + (ch === "(" ? 1 : ch === ")" ? -1 : 0));
    if (depth === 0 && /[\s,]/.test(ch)) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  return [...out, current];
}

/** A list field: a YAML list, or one string split by `split`; items trimmed, empty ones dropped. */
const stringList = (split: (s: string) => string[]) =>
  z.unknown().transform((v, ctx): string[] => {
    if (v === undefined) return [];
    const items = typeof v === "string" ? split(v) : Array.isArray(v) ? v.filter((x) => x !== null).map(String) : null;
    if (items === null) {
      ctx.issues.push({ code: "custom", message: "must be a list of strings", input: v });
      return z.NEVER;
    }
    return [...new Set(items.map((x) => x.trim()).filter(Boolean))];
  });

/** "name: description" or "name" items, or a name -> description mapping. */
const extensionPoints = z.unknown().transform((v, ctx): ExtensionPoint[] => {
  if (v === undefined) return [];
  const fromText = (s: string): [string, string] => {
    const at = s.indexOf(":");
    return at < 0 ? [s, ""] : [s.slice(0, at), s.slice(at + 1)];
  };
  const entries: [string, string][] | null = isRecord(v)
    ? Object.entries(v).map(([k, d]) => [k, d === null || d === undefined ? "" : String(d)])
    : Array.isArray(v)
      ? v.filter((x) => x !== null).map((x) => fromText(String(x)))
      : typeof v === "string"
        ? [fromText(v)]
        : null;
  if (entries === null || entries.some(([name]) => name.trim() === "")) {
    const message = entries === null ? 'must be a list of "name: description" or a mapping' : "every entry needs a name";
    ctx.issues.push({ code: "custom", message, input: v });
    return z.NEVER;
  }
  const byName = new Map<string, ExtensionPoint>();
  for (const [name, description] of entries) {
    if (!byName.has(name.trim())) byName.set(name.trim(), { name: name.trim(), description: description.trim() });
  }
  return [...byName.values()];
});

const metadata = z.unknown().transform((v, ctx): Record<string, string> | undefined => {
  if (v === undefined) return undefined;
  if (!isRecord(v)) {
    ctx.issues.push({ code: "custom", message: "must be a mapping of key: value lines", input: v });
    return z.NEVER;
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, x === null || x === undefined ? "" : String(x)]));
});

/** The first present (non-null) value among the keys that name the same field. */
function pick(raw: Record<string, unknown>, ...keys: string[]): unknown {
  for (const key of keys) if (Object.hasOwn(raw, key) && raw[key] !== null) return raw[key];
  return undefined;
}

/** Field name -> the frontmatter keys accepted for it, in order of preference. */
const FIELD_KEYS = {
  name: ["name"],
  description: ["description"],
  version: ["version"],
  category: ["category"],
  labels: ["labels", "tags"],
  license: ["license"],
  extensible: ["extensible"],
  extensionPoints: ["extension-points", "extensionPoints"],
  allowedTools: ["allowed-tools"],
  metadata: ["metadata"],
} as const satisfies Record<keyof SkillMdFrontmatter, readonly string[]>;

/**
 * Validates parsed frontmatter (any object of YAML values). Exported so a frontmatter that arrives
 * already parsed (e.g. from an API payload) is held to exactly the same rules as a SKILL.md.
 */
export const skillMdFrontmatterSchema: z.ZodType<SkillMdFrontmatter> = z.preprocess(
  (raw) => (isRecord(raw) ? Object.fromEntries(Object.entries(FIELD_KEYS).map(([f, keys]) => [f, pick(raw, ...keys)])) : raw),
  z.object({
    name: requiredText(64).regex(/[\p{L}\p{N}]/u, "must contain a letter or digit"),
    description: requiredText(1024),
    version: z
      .string({ error: "must be a string" })
      .trim()
      .regex(SEMVERISH, 'must be a version like "1.2.3"')
      .transform((v) => v.replace(/^v/, ""))
      .default(DEFAULT_SKILL_VERSION),
    category: z.unknown().transform((v) => {
      const slug = typeof v === "string" ? v.trim().toLowerCase().replace(/[\s_]+/g, "-") : "";
      return isCategory(slug) ? slug : undefined;
    }),
    labels: stringList((s) => s.split(",")).transform((xs) => [...new Set(xs.map(slugify).filter(Boolean))].slice(0, MAX_LABELS)),
    license: z.string({ error: "must be a string" }).trim().optional().transform((v) => v || undefined),
    extensible: z.boolean({ error: "must be true or false" }).optional(),
    extensionPoints,
    allowedTools: stringList(splitTools),
    metadata,
  }),
);

export type ParseSkillMdResult = { ok: true; value: SkillMdFrontmatter; body: string } | { ok: false; error: string };

/** "frontmatter.tags[2]: …" — names the key the author actually wrote, not our field name. */
function issuePath(path: readonly PropertyKey[], raw: Record<string, unknown>): string {
  const [field, ...rest] = path;
  const keys: readonly string[] = Object.hasOwn(FIELD_KEYS, String(field)) ? FIELD_KEYS[field as keyof typeof FIELD_KEYS] : [];
  const key = keys.find((k) => Object.hasOwn(raw, k)) ?? String(field ?? "");
  return ["frontmatter", key].filter(Boolean).join(".") + rest.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("");
}

/**
 * Parses a SKILL.md into validated frontmatter and its markdown body. Returns an error (never
 * throws) so submission handlers can show authors exactly which line or field to fix.
 */
export function parseSkillMd(text: string): ParseSkillMdResult {
  if (text.length > SKILL_MD_MAX_BYTES || new TextEncoder().encode(text).length > SKILL_MD_MAX_BYTES) {
    return { ok: false, error: "SKILL.md is larger than 256 KiB" };
  }
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  if (lines[0]?.trimEnd() !== "---") return { ok: false, error: "SKILL.md has no frontmatter (--- … ---)" };
  const close = lines.findIndex((line, k) => k > 0 && line.trimEnd() === "---");
  if (close < 0) return { ok: false, error: "SKILL.md frontmatter is not terminated (no closing --- line)" };
  let raw: Record<string, YamlValue>;
  try {
    raw = parseYaml({ lines: lines.slice(1, close), base: 2 });
  } catch (err) {
    return { ok: false, error: err instanceof YamlError ? err.message : "SKILL.md frontmatter could not be parsed" };
  }
  const parsed = skillMdFrontmatterSchema.safeParse(raw);
  if (!parsed.success) {
    const byField = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const path = issuePath(issue.path, raw);
      if (!byField.has(path)) byField.set(path, `${path}: ${issue.message}`);
    }
    return { ok: false, error: [...byField.values()].join("; ") };
  }
  return { ok: true, value: parsed.data, body: lines.slice(close + 1).join("\n") };
}
