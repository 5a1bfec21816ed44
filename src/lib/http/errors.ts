/**
 * One error type for the HTTP layer and one handler that turns anything thrown into the single
 * JSON error shape `{ error: { code, message } }`. Unknown errors become a 500 that leaks nothing.
 */
import { ZodError } from "zod";

export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** "limit: must be at most 100; page: expected a number" — zod issues in one readable line. */
export function formatZodError(err: ZodError): string {
  return err.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

export function errorResponse(code: ErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: { code, message } }, { status: ERROR_STATUS[code], headers });
}

/** Maps a thrown value to a response; logs the unexpected ones (with a request id) and hides them. */
export function handleApiError(err: unknown): Response {
  if (err instanceof ApiError) return errorResponse(err.code, err.message, err.headers);
  if (err instanceof ZodError) return errorResponse("bad_request", formatZodError(err));
  const requestId = crypto.randomUUID();
  console.error(JSON.stringify({ level: "error", event: "unhandled_error", requestId, error: String((err as Error)?.stack ?? err) }));
  return errorResponse("internal_error", `Internal error (request ${requestId})`);
}

type Handler<C> = (req: Request, ctx: C) => Promise<Response> | Response;

/** Wraps a route handler so every failure becomes the JSON error shape. */
export function withErrors<C>(handler: Handler<C>): (req: Request, ctx: C) => Promise<Response> {
  return async (req, ctx) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      return handleApiError(err);
    }
  };
}
