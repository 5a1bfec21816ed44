// npm run bench — prints figures (sizes, times, operation counts). Not a pass/fail test.
// `npm run bench -- worker-size` runs one section.
import { benchConvergence } from "./convergence";
import { benchE2eLatency } from "./e2e-latency";
import { benchKvEnumeration } from "./kv-enumeration";
import { benchReadPath } from "./read-path";
import { benchRebuildIndex } from "./rebuild-index";
import { benchScale } from "./scale";
import { benchScanner } from "./scanner";
import { benchSkillPage } from "./skill-page";
import { benchWorkerSize } from "./worker-size";

const sections: Record<string, () => Promise<void>> = {
  "worker-size": benchWorkerSize,
  "kv-enumeration": benchKvEnumeration,
  "read-path": benchReadPath,
  "rebuild-index": benchRebuildIndex,
  convergence: benchConvergence,
  scale: benchScale,
  scanner: benchScanner,
  "e2e-latency": benchE2eLatency,
  "skill-page": benchSkillPage,
};

const wanted = process.argv.slice(2);
for (const [name, run] of Object.entries(sections)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n# ${name}`);
  await run();
}
