// The labelled scanner corpus (tests/fixtures/scanner-corpus): hostile SKILL.md bodies that must
// be rejected and benign ones, modelled on real skills, that must pass. Shared by the corpus test
// and the scanner bench.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type CorpusLabel = "hostile" | "benign";

export interface CorpusBody {
  label: CorpusLabel;
  /** File name without extension, e.g. "remote-code-process-substitution". */
  name: string;
  text: string;
}

export const SCANNER_CORPUS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/scanner-corpus");

export function loadScannerCorpus(): CorpusBody[] {
  return (["hostile", "benign"] as const).flatMap((label) =>
    readdirSync(path.join(SCANNER_CORPUS_DIR, label))
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => ({ label, name: f.slice(0, -3), text: readFileSync(path.join(SCANNER_CORPUS_DIR, label, f), "utf8") })),
  );
}
