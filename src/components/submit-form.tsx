"use client";
// The submit form: posts to the API, shows each field's validation message and the rate-limit
// message, and on success goes to the submission's page.
import { useState, type FormEvent } from "react";

const FIELDS = [
  { name: "repoUrl", label: "Repository URL", placeholder: "https://github.com/owner/repo", required: true },
  { name: "skillName", label: "Skill name", placeholder: "pdf-tools", required: true },
  { name: "skillPath", label: "Folder in the repo (optional)", placeholder: "skills/pdf-tools", required: false },
] as const;

/** "repoUrl: must be …; skillName: is required" -> per-field messages (the rest is general). */
function splitErrors(message: string): { fields: Record<string, string>; general: string[] } {
  const fields: Record<string, string> = {};
  const general: string[] = [];
  for (const part of message.split("; ")) {
    const m = /^(repoUrl|skillName|skillPath): (.*)$/.exec(part);
    if (m) fields[m[1]!] = m[2]!;
    else general.push(part);
  }
  return { fields, general };
}

export function SubmitForm({ initial = {} }: { initial?: Record<string, string> }) {
  const [errors, setErrors] = useState<{ fields: Record<string, string>; general: string[] }>({ fields: {}, general: [] });
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setBusy(true);
    const data = new FormData(e.currentTarget);
    const body: Record<string, string> = {};
    for (const f of FIELDS) {
      const v = String(data.get(f.name) ?? "").trim();
      if (v) body[f.name] = v;
    }
    try {
      const res = await fetch("/api/v1/submissions", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = (await res.json().catch(() => ({}))) as { id?: string; error?: { message: string } };
      if (res.ok && json.id) {
        window.location.assign(`/submissions/${json.id}`);
        return;
      }
      if (res.status === 429) {
        setErrors({ fields: {}, general: [`Too many submissions from you just now; try again in ${res.headers.get("retry-after") ?? "60"} seconds.`] });
      } else setErrors(splitErrors(json.error?.message ?? `The submission failed (${res.status}).`));
    } catch {
      setErrors({ fields: {}, general: ["The marketplace could not be reached; try again."] });
    }
    setBusy(false);
  }

  return (
    <form className="submit-form" onSubmit={onSubmit} noValidate data-testid="submit-form">
      {FIELDS.map((f) => (
        <label key={f.name}>
          {f.label}
          <input name={f.name} placeholder={f.placeholder} defaultValue={initial[f.name] ?? ""} aria-invalid={Boolean(errors.fields[f.name])} />
          {errors.fields[f.name] && (
            <span className="field-error" role="alert" data-testid={`error-${f.name}`}>
              {errors.fields[f.name]}
            </span>
          )}
        </label>
      ))}
      {errors.general.map((m) => (
        <p key={m} className="form-error" role="alert" data-testid="error-general">{m}</p>
      ))}
      <button type="submit" disabled={busy}>{busy ? "Submitting…" : "Submit for scanning"}</button>
    </form>
  );
}
