/** A skill slug taken from a route's path: checked before anything is looked up (400 with the reason). */
import { ApiError } from "./errors";
import { malformedPathReason } from "./path-guard";

export function skillNameParam(raw: string): string {
  const malformed = malformedPathReason(raw);
  if (malformed) throw new ApiError("bad_request", `name: ${malformed}`);
  let name = raw;
  try {
    name = decodeURIComponent(raw);
  } catch {
    // Route params may arrive already decoded; checked decodable above.
  }
  if (name.length === 0 || name.length > 200) throw new ApiError("bad_request", "name: must be 1 to 200 characters");
  return name;
}
