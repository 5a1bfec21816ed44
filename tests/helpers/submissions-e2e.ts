// Following a submission in the e2e worker until it settles: the queue delivers it to workerd,
// which scans and publishes; the test polls the public submission API meanwhile.

export const SETTLED = ["PUBLISHED", "FAILED", "REJECTED"];

/** Polls GET /api/v1/submissions/{id} until its state is one of `states` (default: settled). */
export async function waitForSubmission(base: string, id: string, states: string[] = SETTLED, timeoutMs = 60_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, unknown> = {};
  while (Date.now() < deadline) {
    last = (await (await fetch(`${base}/api/v1/submissions/${id}`)).json()) as Record<string, unknown>;
    if (states.includes(String(last.state))) return last;
    await new Promise((r) => setTimeout(r, 400));
  }
  throw new Error(`submission ${id} stuck in ${JSON.stringify(last)}`);
}
