/**
 * Sign-in, cookie sessions and bearer API tokens.
 * Session and API tokens are 256-bit random values; only their SHA-256 is stored.
 * Passwords are Argon2id (passwords.ts). Failed sign-ins are throttled per
 * email + client address with backoff, and per address for pairs that never
 * signed in before — counted in the database so several servers share it (the
 * design and why: docs/security.md).
 */
import { createHash, randomBytes } from "node:crypto";
import {
  deleteSession,
  findSession,
  findToken,
  insertSession,
  insertSessionAfterSignIn,
  pruneSignInAttempts,
  recordSignInFailure,
  signInLookup,
  touchToken,
} from "../db/auth.queries.js";
import type { Db, DbOrTx } from "../db/client.js";
import { AppError } from "../domain/errors.js";
import type { Actor } from "./context.js";
import { hashPassword, verifyPassword } from "./passwords.js";

export const SESSION_DAYS = 14;
/** Failures older than this do not count. */
export const SIGN_IN_WINDOW_MINUTES = 15;
/** Failures of one email from one address before backoff starts. */
export const SIGN_IN_FREE_FAILURES = 10;
/** Failures from one address (any emails) in the window before only known pairs may try. */
export const ADDRESS_MAX_FAILURES = 100;
/** A pair (email + address) that signed in within this many days is known. */
export const KNOWN_PAIR_DAYS = 30;
const FIRST_DELAY_MS = 60_000;
const MAX_DELAY_MS = SIGN_IN_WINDOW_MINUTES * 60_000;

/**
 * How long one email + address pair waits after its last failure, given its
 * failures in the window: nothing for the first 10, then 1, 2, 4, 8, 15 minutes.
 */
export function backoffAfter(failures: number): number {
  if (failures < SIGN_IN_FREE_FAILURES) return 0;
  return Math.min(FIRST_DELAY_MS * 2 ** (failures - SIGN_IN_FREE_FAILURES), MAX_DELAY_MS);
}

// An unknown email is checked against this hash, so it costs one Argon2
// verification like a wrong password does (the answer's timing tells nothing).
let dummy: Promise<string> | undefined;
export const dummyHash = () => {
  dummy ??= hashPassword(randomBytes(16).toString("hex"));
  return dummy;
};

function throttled(waitMs: number): AppError {
  const minutes = Math.max(1, Math.ceil(waitMs / 60_000));
  return new AppError(
    "rate_limited",
    `Too many failed sign-ins for this email from this address; try again in ${minutes} minute${minutes > 1 ? "s" : ""}.`,
  );
}

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
export const newToken = (prefix: string) => `${prefix}${randomBytes(32).toString("base64url")}`;

export interface SignInInput {
  email: string;
  password: string;
  /** Needed only when the email exists in several organisations. */
  org?: string;
  clientAddress?: string;
}

export interface SignedIn {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

export async function signIn(db: Db, input: SignInInput, now = new Date()): Promise<SignedIn> {
  const email = input.email.trim().toLowerCase();
  const address = input.clientAddress ?? "unknown";
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const knownSince = new Date(now.getTime() - KNOWN_PAIR_DAYS * 86_400_000);
  const pairKey = `pair:${email}|${address}`;
  const addressKey = `ip:${address}`;
  const {
    pair,
    addressFailures,
    candidates: all,
  } = await signInLookup(db, {
    pairKey,
    addressKey,
    email,
    since,
    knownSince,
  });
  // 1. This email from this address: backoff after 10 failures. Another address
  //    (the real user's) is not affected, so nobody can lock anybody out.
  const wait = backoffAfter(pair.failures);
  if (wait > 0 && pair.lastFailureMs !== null && now.getTime() < pair.lastFailureMs + wait) {
    throw throttled(pair.lastFailureMs + wait - now.getTime());
  }
  // 2. An address that fails a lot (guessing many emails) may still sign in
  //    the people who signed in from it before; nobody else.
  if (!pair.known && addressFailures >= ADDRESS_MAX_FAILURES) throw throttled(MAX_DELAY_MS);
  const candidates = input.org ? all.filter((c) => c.org.slug === input.org) : all;
  if (!candidates.length) await verifyPassword(await dummyHash(), input.password);
  let match: (typeof candidates)[number] | undefined;
  for (const c of candidates) {
    if (await verifyPassword(c.person.passwordHash, input.password)) {
      if (match) {
        throw new AppError("validation_failed", "This email is in several organisations: choose one.", [
          { path: "org", message: "required: the organisation's slug" },
        ]);
      }
      match = c;
    }
  }
  if (!match) {
    await recordSignInFailure(db, pairKey, addressKey, now);
    // Now and then, forget what the throttle no longer looks at.
    if (Math.random() < 0.01) await pruneSignInAttempts(db, knownSince);
    throw new AppError("unauthenticated", "Wrong email or password.");
  }
  // The success and the session in one statement (a sign-in is two statements in all).
  return openSession(db, match.person, now, pairKey);
}

/** Starts a browser session for a person who has just proven who they are. */
export async function openSession(
  db: DbOrTx,
  person: { orgId: string; id: string; email: string; name: string; role: Actor["role"] },
  now = new Date(),
  /** The sign-in throttle's key to record a success for, in the same statement. */
  attemptKey?: string,
): Promise<SignedIn> {
  const sessionToken = newToken("sws_");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  const row = {
    tokenHash: sha256(sessionToken),
    orgId: person.orgId,
    personId: person.id,
    csrfToken,
    expiresAt,
  };
  if (attemptKey) await insertSessionAfterSignIn(db, attemptKey, now, row);
  else await insertSession(db, row);
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    actor: {
      orgId: person.orgId,
      personId: person.id,
      email: person.email,
      name: person.name,
      role: person.role,
      scope: "write",
      via: "session",
    },
  };
}

export async function signOut(db: Db, sessionToken: string): Promise<void> {
  await deleteSession(db, sha256(sessionToken));
}

export async function actorFromSession(
  db: Db,
  sessionToken: string,
  now = new Date(),
): Promise<{ actor: Actor; csrfToken: string } | undefined> {
  const r = await findSession(db, sha256(sessionToken), now);
  if (!r) return undefined;
  return {
    csrfToken: r.session.csrfToken,
    actor: {
      orgId: r.person.orgId,
      personId: r.person.id,
      email: r.person.email,
      name: r.person.name,
      role: r.person.role,
      scope: "write",
      via: "session",
    },
  };
}

export async function actorFromApiToken(db: Db, token: string, now = new Date()): Promise<Actor | undefined> {
  const r = await findToken(db, sha256(token));
  if (!r) return undefined;
  await touchToken(db, r.token.orgId, r.token.id, now);
  return {
    orgId: r.person.orgId,
    personId: r.person.id,
    email: r.person.email,
    name: r.person.name,
    role: r.person.role,
    scope: r.token.scope,
    via: "token",
  };
}
