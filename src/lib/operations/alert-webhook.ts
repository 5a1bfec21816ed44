/**
 * deliverAlerts(): POSTs skill-loss incidents to ALERT_WEBHOOK_URL as JSON. Every POST is bounded
 * by ALERT_TIMEOUT_MS (AbortSignal.timeout) and they run side by side, so a receiver that is down
 * or hangs costs the cron at most that long. Never throws: each incident's result says whether the
 * receiver took it (a 2xx answer); the caller keeps the others for the next run.
 */
import type { Incident } from "./skill-loss-alarm";

export const ALERT_TIMEOUT_MS = 3000;

/** The JSON body. `text` is a one-line summary, so chat webhooks (Slack, Mattermost) show it as is. */
export interface AlertPayload {
  event: Incident["kind"];
  text: string;
  incident: { id: string; at: string; kind: Incident["kind"]; detail: Incident["detail"] };
}

export function alertPayload(incident: Incident): AlertPayload {
  return {
    event: incident.kind,
    text: `Skill loss suspected: ${incident.detail.message}`,
    incident: { id: incident.id, at: incident.at, kind: incident.kind, detail: incident.detail },
  };
}

export interface DeliveryResult {
  id: string;
  ok: boolean;
  error?: string;
}

export async function deliverAlerts(url: string, incidents: Incident[], opts: { timeoutMs?: number } = {}): Promise<DeliveryResult[]> {
  const timeoutMs = opts.timeoutMs ?? ALERT_TIMEOUT_MS;
  return Promise.all(
    incidents.map(async (incident): Promise<DeliveryResult> => {
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": incident.id },
          body: JSON.stringify(alertPayload(incident)),
          signal: AbortSignal.timeout(timeoutMs),
          redirect: "manual",
        });
        await res.body?.cancel().catch(() => undefined);
        return res.ok ? { id: incident.id, ok: true } : { id: incident.id, ok: false, error: `HTTP ${res.status}` };
      } catch (err) {
        const name = (err as { name?: string })?.name;
        const error = name === "TimeoutError" || name === "AbortError" ? `no answer within ${timeoutMs} ms` : describeFetchError(err);
        return { id: incident.id, ok: false, error };
      }
    }),
  );
}

/** Node's fetch says "fetch failed" and puts the reason (ECONNREFUSED, …) in `cause`. */
function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const base = err instanceof Error ? err.message : String(err);
  const why = cause?.code ?? cause?.message;
  return (why ? `${base}: ${why}` : base).slice(0, 200);
}
