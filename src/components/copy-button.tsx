"use client";
// Copies a text (a skill's install command) to the clipboard, saying whether it worked.
import { useState } from "react";

export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className="copy-button"
      data-testid={testId}
      data-state={state}
      onClick={() => {
        navigator.clipboard.writeText(text).then(
          () => setState("copied"),
          () => setState("failed"),
        );
      }}
    >
      {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select and copy it" : "Copy"}
    </button>
  );
}
