/**
 * The one way the web app talks to the API: same-origin fetch with the session
 * cookie, the CSRF header on writes, and error bodies turned into ApiError.
 */

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The `error` object of every refusal: `{ error: { code, message, details? } }`. */
interface ApiErrorBody {
  code?: string;
  message?: string;
  details?: ErrorDetail[];
  [more: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The whole `error` object of the answer, for routes that add more (e.g. the import's `issues`). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The message for one field (`organisation.slug`), if the API named it. */
  fieldError(path: string): string | undefined {
    return this.details.find((d) => d.path === path)?.message;
  }
}

let csrfToken: string | null = null;

/** Remembered from sign-in and /auth/me; sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/** `body` is sent as JSON, or as it is when it is FormData (a file upload; the browser sets its type). */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? "GET";
  const form = init.body instanceof FormData ? init.body : undefined;
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.body !== undefined && !form) headers["content-type"] = "application/json";
  if (!SAFE.has(method) && csrfToken) headers["x-csrf-token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: "same-origin",
      body: form ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    });
  } catch {
    throw new ApiError(
      0,
      "network",
      "Cannot reach the Stepwise server. Check your connection and try again.",
    );
  }
  const text = await res.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
  }
  if (!res.ok) {
    const e = (body as { error?: ApiErrorBody } | null)?.error;
    throw new ApiError(
      res.status,
      e?.code ?? "http_error",
      e?.message ?? `The server answered ${res.status} ${res.statusText}.`,
      Array.isArray(e?.details) ? e.details : [],
      e && typeof e === "object" ? e : {},
    );
  }
  return body as T;
}

/** A sentence for the user: the API's message, which names the field and the problem. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return "Something went wrong.";
}
