// The one-line outcome the dashboard shows after a delist or relist form (303 back to /admin with
// `?notice=&skill=`). Only these fixed sentences are ever shown, so a crafted link cannot put
// words of its own on the operators' page; the skill's name is shown as text.

type Action = "delist" | "relist";

const MESSAGES: Record<string, { ok: boolean; text: (skill: string) => string }> = {
  "delist-done": { ok: true, text: (s) => `Delisted “${s}”: its page and API answer 410 with the reason, and it has left every listing.` },
  "relist-done": { ok: true, text: (s) => `Relisted “${s}”: it is listed again.` },
  "delist-not_found": { ok: false, text: (s) => `No published skill named “${s}”; nothing was delisted.` },
  "relist-not_found": { ok: false, text: (s) => `No skill named “${s}”; nothing was relisted.` },
  "delist-conflict": { ok: false, text: (s) => `“${s}” is a seed skill: it ships with the marketplace's code and cannot be delisted.` },
  "relist-conflict": { ok: false, text: (s) => `“${s}” is not delisted, or has no readable record to relist from; nothing changed.` },
  "delist-bad_request": { ok: false, text: () => "A delist needs the skill's name and a reason (at most 500 characters); nothing was delisted." },
  "relist-bad_request": { ok: false, text: () => "Relist needs the skill's name; nothing changed." },
  "delist-unavailable": { ok: false, text: (s) => `KV is unavailable: “${s}” was not delisted. Try again.` },
  "relist-unavailable": { ok: false, text: (s) => `KV is unavailable: “${s}” was not relisted. Try again.` },
};

export function noticeLocation(action: Action, code: string, skill: string): string {
  const key = MESSAGES[`${action}-${code}`] ? `${action}-${code}` : `${action}-failed`;
  return `/admin?notice=${encodeURIComponent(key)}&skill=${encodeURIComponent(skill.slice(0, 200))}#skills`;
}

export function noticeMessage(notice: unknown, skill: unknown): { ok: boolean; text: string } | null {
  if (typeof notice !== "string") return null;
  const name = typeof skill === "string" ? skill.slice(0, 200) : "";
  if (notice === "delist-failed" || notice === "relist-failed") return { ok: false, text: `The ${notice.slice(0, 6)} of “${name}” failed; see the audit log below.` };
  const m = MESSAGES[notice];
  return m ? { ok: m.ok, text: m.text(name) } : null;
}
