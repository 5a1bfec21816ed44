/**
 * The resumable position of a rebuild: the KV list cursor of the page being worked on, the last
 * key of that page already done (by name: renames add and delete keys, so positions shift), or
 * the final step.
 */
import { z } from "zod";
import { ApiError } from "../http/errors";

const cursorSchema = z.object({ c: z.string().nullable(), k: z.string().nullable(), f: z.boolean() });
export type RebuildCursor = z.infer<typeof cursorSchema>;

export const START: RebuildCursor = { c: null, k: null, f: false };

const utf8 = new TextEncoder();
/** KV lists keys in UTF-8 byte order; compare the same way. */
export function keyAfter(key: string, done: string | null): boolean {
  if (done === null) return true;
  const a = utf8.encode(key);
  const b = utf8.encode(done);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return a.length > b.length;
}

export function encodeCursor(c: RebuildCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify(c));
  return btoa(String.fromCharCode(...bytes)).replace(/=+$/, "");
}

/** Parses `?cursor=`; a bad one is a 400, never a restart from zero. */
export function decodeCursor(text: string | null | undefined): RebuildCursor {
  if (!text) return START;
  try {
    const bytes = Uint8Array.from(atob(text), (ch) => ch.charCodeAt(0));
    return cursorSchema.parse(JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)));
  } catch {
    throw new ApiError("bad_request", "cursor: not a cursor returned by a previous rebuild-index call");
  }
}
