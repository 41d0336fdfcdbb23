/**
 * The machinery of the authorisation matrix (test/api-authz.test.ts): the rows
 * there call the app as before (`caller`, `uploader`, `app.request` with a
 * bearer token); the app they are given is this harness, which
 *
 * - records which route was requested by which caller (the token says who), so
 *   that a route counts as covered only when a request was made for it with
 *   every role — not when it was declared;
 * - in "cookie" mode turns each bearer token into that person's browser session:
 *   the session cookie, plus the session's CSRF token on writes (the matrix runs
 *   once per mode: api-authz.test.ts with bearer tokens, api-authz-cookie.test.ts
 *   with cookie sessions);
 * - fingerprints the database around every write and fails the request when a
 *   refused one (status ≥ 400) changed anything, the audit log included.
 */
import type { Db } from "../../src/db/client.js";
import { SESSION_COOKIE } from "../../src/http/auth.js";
import { changedTables, fingerprint } from "./fingerprint.js";
import { PASSWORD, type TestPerson } from "./fixtures.js";

export type AuthMode = "bearer" | "cookie";

let mode: AuthMode = "bearer";
/** Chooses how the matrix authenticates (call before the matrix module is imported). */
export function setAuthMode(m: AuthMode) {
  mode = m;
}
export function authMode(): AuthMode {
  return mode;
}

type Fetcher = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

interface Session {
  cookie: string;
  csrf: string;
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const PREFIX = "/api/v1";

export class AuthzHarness implements Fetcher {
  /** `METHOD /concrete/path` → the callers that requested it. */
  readonly requested = new Map<string, Set<string>>();
  /** Refused writes and the tables they changed (expected: none). */
  readonly leftovers: string[] = [];
  /** Refused writes checked (to show the check ran). */
  refusedWrites = 0;
  private readonly whoByToken = new Map<string, string>();
  private readonly people = new Map<string, TestPerson>();
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly app: Fetcher,
    private readonly db: Db,
    readonly mode: AuthMode,
  ) {}

  /** Makes `person` known as `who` (and signs them in, in cookie mode). */
  async enrol(who: string, person: TestPerson) {
    this.whoByToken.set(person.token, who);
    this.people.set(who, person);
    if (this.mode === "cookie") await this.signIn(who);
  }

  /** A fresh browser session for `who` (not recorded: machinery, not a matrix row). */
  async signIn(who: string): Promise<Session> {
    const p = this.people.get(who)!;
    const res = await this.app.request(`${PREFIX}/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: p.email, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`sign-in of ${who} failed: ${res.status} ${await res.text()}`);
    const set = res.headers.get("set-cookie") ?? "";
    const m = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(set);
    if (!m) throw new Error(`sign-in of ${who} set no session cookie`);
    const body = (await res.json()) as { csrfToken: string };
    const s = { cookie: `${SESSION_COOKIE}=${m[1]}`, csrf: body.csrfToken };
    this.sessions.set(who, s);
    return s;
  }

  session(who: string): Session | undefined {
    return this.sessions.get(who);
  }

  /** The app itself: neither recorded nor changed (for tests of the machinery's own headers). */
  unrecorded(path: string, init?: RequestInit) {
    return this.app.request(path, init);
  }

  request = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const method = (init.method ?? "GET").toUpperCase();
    const headers = new Headers(init.headers);
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.get("authorization") ?? "");
    const who = bearer ? this.whoByToken.get(bearer[1]) : "anon";
    if (!who) throw new Error(`authz harness: a token it does not know was used for ${method} ${path}`);
    const route = `${method} ${path.startsWith(PREFIX) ? path.slice(PREFIX.length) : path}`.split("?")[0];
    const seen = this.requested.get(route) ?? new Set<string>();
    seen.add(who);
    this.requested.set(route, seen);

    if (this.mode === "cookie" && who !== "anon") {
      const s = this.sessions.get(who)!;
      headers.delete("authorization");
      headers.set("cookie", s.cookie);
      if (!SAFE.has(method)) headers.set("x-csrf-token", s.csrf);
    }
    const write = !SAFE.has(method);
    const before = write ? await fingerprint(this.db) : undefined;
    const res = await this.app.request(path, { ...init, method, headers });
    if (before && res.status >= 400) {
      this.refusedWrites++;
      const changed = changedTables(before, await fingerprint(this.db));
      if (changed.length > 0) {
        const msg = `${who} ${route} was refused (${res.status}) but changed ${changed.join(", ")}`;
        this.leftovers.push(msg);
        throw new Error(msg);
      }
    }
    // A signed-out session is gone: the rows after it go on with a new one.
    if (this.mode === "cookie" && who !== "anon" && route === "POST /auth/sign-out" && res.status === 204)
      await this.signIn(who);
    return res;
  };

  /**
   * The `METHOD /template` routes of `routes` (OpenAPI paths with `{param}`s)
   * that were not requested by every one of `whos`, with the callers missing.
   */
  uncovered(routes: readonly string[], whos: readonly string[]): string[] {
    const byRoute = new Map<string, Set<string>>(routes.map((r) => [r, new Set<string>()]));
    // Most specific template first: /imports/preview before /imports/{id}.
    const templates = routes
      .map((r) => {
        const [method, path] = r.split(" ");
        const params = (path.match(/\{[^}]+\}/g) ?? []).length;
        const re = new RegExp(`^${method} ${path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
        return { r, re, params };
      })
      .sort((a, b) => a.params - b.params);
    for (const [concrete, callers] of this.requested) {
      const t = templates.find((x) => x.re.test(concrete));
      if (t) for (const c of callers) byRoute.get(t.r)!.add(c);
    }
    const out: string[] = [];
    for (const [r, callers] of byRoute) {
      const missing = whos.filter((w) => !callers.has(w));
      if (missing.length > 0) out.push(`${r}: not requested by ${missing.join(", ")}`);
    }
    return out.sort();
  }
}
