/**
 * The API client: same origin, bearer token from session storage (asked for once per tab, never
 * in the bundle). Errors carry the server's coded issues and their messages.
 */
const KEY = "paydirt-token";

export function getToken(): string | null {
  return sessionStorage.getItem(KEY);
}
export function setToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}
export function clearToken(): void {
  sessionStorage.removeItem(KEY);
}

export interface ApiIssue {
  readonly code: string;
  readonly message: string;
  readonly path?: readonly (string | number)[];
}

/** A failed request: the HTTP status and the server's issues (or what went wrong on the way). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly issues: readonly ApiIssue[],
  ) {
    super(issues.map((i) => i.message).join("; ") || `HTTP ${status}`);
  }
}

const listeners = new Set<() => void>();
/** Called when the server refuses the token (the app asks for it again). */
export function onUnauthorized(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

export async function api<T>(path: string, init: RequestInit = {}, token = getToken()): Promise<T> {
  return (await request(path, init, token)).json() as Promise<T>;
}

/** A binary answer (the server's `accept` media type), as bytes. */
export async function apiBytes(path: string, accept: string): Promise<ArrayBuffer> {
  return (await request(path, { headers: { accept } }, getToken())).arrayBuffer();
}

/** The response when it is OK; else an ApiError with the server's issues. */
async function request(path: string, init: RequestInit, token: string | null): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: {
        ...(init.body ? { "content-type": "application/json" } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...init.headers,
      },
    });
  } catch (err) {
    throw new ApiError(0, "network", [
      { code: "network", message: `cannot reach the server: ${(err as Error).message}` },
    ]);
  }
  if (res.ok) return res;
  let body: { code?: string; issues?: ApiIssue[] } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    body = { issues: [{ code: "http", message: `HTTP ${res.status} ${res.statusText}` }] };
  }
  const err = new ApiError(res.status, body.code ?? "http", body.issues ?? []);
  if (res.status === 401 && token === getToken()) for (const f of listeners) f();
  throw err;
}

/** Query string from defined values (arrays comma-joined). */
export function qs(
  params: Record<string, string | number | boolean | readonly string[] | undefined>,
): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    u.set(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : "";
}
