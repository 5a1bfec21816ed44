// The tier-1 scanner on its labelled corpus (tests/fixtures/scanner-corpus): recall (hostile
// bodies rejected), false-positive rate (benign bodies rejected) and the time to scan one body.
// Times are per body, median of RUNS scans of each, then p50/p95 across bodies.
import { RULES_VERSION } from "../src/lib/submissions/scanner/rules";
import { scanSkill } from "../src/lib/submissions/scanner/scan";
import { loadScannerCorpus } from "../tests/helpers/scanner-corpus";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export async function benchScanner(): Promise<void> {
  const corpus = loadScannerCorpus();
  const hostile = corpus.filter((b) => b.label === "hostile");
  const benign = corpus.filter((b) => b.label === "benign");
  const missed = hostile.filter((b) => scanSkill(b.text).verdict !== "fail");
  const falseAlarms = benign.filter((b) => scanSkill(b.text).verdict !== "pass");

  for (const b of corpus) scanSkill(b.text); // warm-up
  const perBody = corpus.map((b) => {
    const xs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      scanSkill(b.text);
      xs.push(performance.now() - start);
    }
    return percentile(xs, 0.5);
  });
  const bytes = corpus.map((b) => Buffer.byteLength(b.text));

  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
  console.log(`scanner corpus, rules ${RULES_VERSION}`);
  console.log(`  recall               ${hostile.length - missed.length}/${hostile.length} hostile rejected (${pct(hostile.length - missed.length, hostile.length)})`);
  console.log(`  false-positive rate  ${falseAlarms.length}/${benign.length} benign rejected (${pct(falseAlarms.length, benign.length)})`);
  console.log(`  scan time per body   p50 ${percentile(perBody, 0.5).toFixed(3)} ms  p95 ${percentile(perBody, 0.95).toFixed(3)} ms  max ${Math.max(...perBody).toFixed(3)} ms`);
  console.log(`  body size            p50 ${percentile(bytes, 0.5)} B  max ${Math.max(...bytes)} B`);
  for (const b of missed) console.log(`  missed: hostile/${b.name}`);
  for (const b of falseAlarms) console.log(`  false alarm: benign/${b.name}`);
}
