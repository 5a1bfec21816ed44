/**
 * SKILL.md parsing: YAML frontmatter between a first `---` line and the next `---` line, then a
 * markdown body. The frontmatter is read as YAML by frontmatter-yaml.ts (errors name the SKILL.md
 * line) and validated by `skillMdFrontmatterSchema`.
 */
import { z } from "zod";
import { SKILL_CATEGORIES, type SkillCategory } from "../catalog/seed-data";
import type { ExtensionPoint } from "../catalog/skill";
import { slugify } from "../catalog/slug";
import { readFrontmatterYaml } from "./frontmatter-yaml";

export const SKILL_MD_MAX_BYTES = 256 * 1024;
/**
 * Real frontmatter is a few KiB. The yaml package needs up to ~0.2 s for 32 KiB of pathological
 * input (a 10,000-item flow list), so anything longer is refused before it is parsed.
 */
export const FRONTMATTER_MAX_CHARS = 32 * 1024;
/** What the Agent Skills format states. Official skills exceed it, so a longer one only warns. */
export const DESCRIPTION_SPEC_MAX = 1024;
/** A description longer than this is not a description; it is refused. */
export const DESCRIPTION_MAX = 4096;
export const MAX_LABELS = 10;
/** A SKILL.md declaring more labels than this, or more extension points, is refused, not trimmed. */
export const MAX_DECLARED_LABELS = 20;
export const MAX_EXTENSION_POINTS = 50;
// ---------------------------------------------------------------------------------------------
// Frontmatter schema

/** The validated, normalised frontmatter. List fields are always arrays (empty when absent). */
export interface SkillMdFrontmatter {
  name: string;
  description: string;
  /** As declared, semver-ish ("1", "1.2", "1.2.3-beta.1"), a leading "v" dropped; absent when not declared (catalog/versions.ts numbers it, and refuses what is not semver). */
  version?: string;
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
  /** Values are text; a nested list or mapping is kept as its JSON. */
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

/** A scalar as text (null is ""); undefined for a list or mapping. */
const scalarText = (v: unknown): string | undefined =>
  v === null || v === undefined ? "" : typeof v === "object" ? undefined : String(v);

/**
 * A list item as text. `- Bash(git commit: *)` or `- a: b` is a one-key mapping in YAML; it is read
 * back as the "key: value" text the author wrote.
 */
function itemText(v: unknown): string | undefined {
  if (!isRecord(v)) return scalarText(v);
  const entries = Object.entries(v);
  const value = entries.length === 1 ? scalarText(entries[0]![1]) : undefined;
  return value === undefined ? undefined : `${entries[0]![0]}: ${value}`.replace(/: $/, ":");
}

/** A list field: a YAML list, or one string split by `split`; items trimmed, empty ones dropped. */
const stringList = (split: (s: string) => string[]) =>
  z.unknown().transform((v, ctx): string[] => {
    if (v === undefined) return [];
    const listed = Array.isArray(v) ? v.filter((x) => x !== null).map(itemText) : null;
    const items = typeof v === "string" ? split(v) : listed?.every((x) => x !== undefined) ? (listed as string[]) : null;
    if (items === null) {
      ctx.issues.push({ code: "custom", message: "must be a list of strings", input: v });
      return z.NEVER;
    }
    return [...new Set(items.map((x) => x.trim()).filter(Boolean))];
  });

/**
 * "name: description" or "name" items, or a name -> description mapping. In YAML an item
 * `- palette: Override the palette` is a one-key mapping, so mapping items give their entries.
 */
const extensionPoints = z.unknown().transform((v, ctx): ExtensionPoint[] => {
  if (v === undefined) return [];
  const fromText = (s: string): [string, string] => {
    const at = s.indexOf(":");
    return at < 0 ? [s, ""] : [s.slice(0, at), s.slice(at + 1)];
  };
  const fromItem = (x: unknown): [string, string | undefined][] =>
    isRecord(x) ? Object.entries(x).map(([k, d]) => [k, scalarText(d)]) : [fromText(scalarText(x) ?? "")];
  const listed = isRecord(v) ? fromItem(v) : Array.isArray(v) ? v.filter((x) => x !== null).flatMap(fromItem) : typeof v === "string" ? [fromText(v)] : null;
  const entries = listed?.every(([, d]) => d !== undefined) ? (listed as [string, string][]) : null;
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
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scalarText(x) ?? JSON.stringify(x)]));
});

/** A YAML boolean, or the text "true"/"false" (a quoted value, or an API payload that sent text). */
const booleanish = z.unknown().transform((v, ctx): boolean | undefined => {
  if (v === undefined || typeof v === "boolean") return v;
  const text = typeof v === "string" ? v.trim().toLowerCase() : undefined;
  if (text === "true" || text === "false") return text === "true";
  ctx.issues.push({ code: "custom", message: "must be true or false", input: v });
  return z.NEVER;
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
    description: requiredText(DESCRIPTION_MAX),
    version: z
      .string({ error: "must be a string" })
      .trim()
      .regex(SEMVERISH, 'must be a version like "1.2.3"')
      .transform((v) => v.replace(/^v/, ""))
      .optional(),
    category: z.unknown().transform((v) => {
      const slug = typeof v === "string" ? v.trim().toLowerCase().replace(/[\s_]+/g, "-") : "";
      return isCategory(slug) ? slug : undefined;
    }),
    labels: stringList((s) => s.split(","))
      .refine((xs) => xs.length <= MAX_DECLARED_LABELS, `at most ${MAX_DECLARED_LABELS} labels`)
      .transform((xs) => [...new Set(xs.map(slugify).filter(Boolean))].slice(0, MAX_LABELS)),
    license: z.string({ error: "must be a string" }).trim().optional().transform((v) => v || undefined),
    extensible: booleanish,
    extensionPoints: extensionPoints.refine((xs) => xs.length <= MAX_EXTENSION_POINTS, `at most ${MAX_EXTENSION_POINTS} extension points`),
    allowedTools: stringList(splitTools),
    metadata,
  }),
);

/** `warnings` are accepted oddities worth telling the author (e.g. a description over 1,024 characters). */
export type ParseSkillMdResult = { ok: true; value: SkillMdFrontmatter; body: string; warnings: string[] } | { ok: false; error: string };

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
  const frontmatter = lines.slice(1, close);
  if (frontmatter.join("\n").length > FRONTMATTER_MAX_CHARS) return { ok: false, error: "SKILL.md frontmatter is longer than 32,768 characters" };
  const yaml = readFrontmatterYaml(frontmatter, 2);
  if (!yaml.ok) return yaml;
  const raw = yaml.value;
  const parsed = skillMdFrontmatterSchema.safeParse(raw);
  if (!parsed.success) {
    const byField = new Map<string, string>();
    for (const issue of parsed.error.issues) {
      const path = issuePath(issue.path, raw);
      if (!byField.has(path)) byField.set(path, `${path}: ${issue.message}`);
    }
    return { ok: false, error: [...byField.values()].join("; ") };
  }
  const warnings = [...yaml.warnings];
  const { length } = parsed.data.description;
  if (length > DESCRIPTION_SPEC_MAX) {
    warnings.push(`frontmatter.description: ${length} characters; the Agent Skills format allows ${DESCRIPTION_SPEC_MAX}, listings show a shortened description`);
  }
  return { ok: true, value: parsed.data, body: lines.slice(close + 1).join("\n"), warnings };
}
