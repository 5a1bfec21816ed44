/** The public submission request and the stored submission record. */
import { z } from "zod";
import { parseRepoUrl } from "../catalog/slug";

export const submissionRequestSchema = z.object({
  repoUrl: z
    .string({ message: "is required" })
    .trim()
    .refine((u) => parseRepoUrl(u.replace(/\/+$/, "").replace(/\.git$/, "")) !== null, "must be https://github.com/{owner}/{repo}")
    .transform((u) => u.replace(/\/+$/, "").replace(/\.git$/, "")),
  skillName: z
    .string({ message: "is required" })
    .trim()
    .min(1, "is required")
    .max(64, "must be at most 64 characters")
    .regex(/[A-Za-z0-9]/, "must contain a letter or digit")
    .regex(/^[A-Za-z0-9 ._-]+$/, "may contain only letters, digits, spaces, '.', '_' and '-'")
    .refine((n) => !n.includes(".."), "must not contain '..'"),
  skillPath: z
    .string()
    .trim()
    .max(200, "must be at most 200 characters")
    .regex(/^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/, "must be a relative path inside the repo, like skills/my-skill")
    .refine((p) => !p.split("/").some((seg) => seg === ".." || seg === "."), "must not contain . or .. segments")
    .optional(),
});
export type SubmissionRequest = z.infer<typeof submissionRequestSchema>;

export const SUBMISSION_STATES = ["QUEUED", "SCANNING", "PUBLISHED", "REJECTED", "FAILED"] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];
export const TERMINAL_STATES: ReadonlySet<SubmissionState> = new Set(["PUBLISHED", "REJECTED", "FAILED"]);
/** How a dead-lettered submission's reason starts (FAILED; markDeadLettered writes it, the dashboard lists by it). */
export const DEAD_LETTER_REASON_PREFIX = "gave up after ";

export const submissionRecordSchema = z.object({
  id: z.string().uuid(),
  repoUrl: z.string(),
  skillName: z.string(),
  skillPath: z.string().default(""),
  state: z.enum(SUBMISSION_STATES),
  reason: z.string().nullable().default(null),
  scanScore: z.number().nullable().default(null),
  findings: z
    .array(z.object({ ruleId: z.string(), severity: z.string(), title: z.string(), line: z.number(), why: z.string().optional(), file: z.string().optional() }))
    .default([]),
  publishedAs: z.string().nullable().default(null),
  /** The scanner's rule-set version that produced scanScore and findings. */
  rulesVersion: z.string().nullable().default(null),
  /** The commit its files were read at (the default branch's, at scan time), when GitHub said. */
  commitSha: z.string().nullable().default(null),
  attempts: z.number().int().default(0),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SubmissionRecord = z.infer<typeof submissionRecordSchema>;
