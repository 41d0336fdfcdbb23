/**
 * Sign-in, cookie sessions and bearer API tokens.
 * Session and API tokens are 256-bit random values; only their SHA-256 is stored.
 * Passwords are Argon2id (passwords.ts). Failed sign-ins are limited per email
 * and per client address, counted in the database so several servers share it.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  deleteSession,
  failedSignInsSince,
  findPeopleByEmail,
  findSession,
  findToken,
  insertSession,
  recordSignInAttempt,
  touchToken,
} from "../db/auth.queries.js";
import type { Db } from "../db/client.js";
import { AppError } from "../domain/errors.js";
import type { Actor } from "./context.js";
import { verifyPassword } from "./passwords.js";

export const SESSION_DAYS = 14;
export const SIGN_IN_WINDOW_MINUTES = 15;
export const SIGN_IN_MAX_FAILURES = 10;

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
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);
  const keys = [`email:${email}`, ...(input.clientAddress ? [`ip:${input.clientAddress}`] : [])];
  for (const key of keys) {
    const limit = key.startsWith("ip:") ? SIGN_IN_MAX_FAILURES * 5 : SIGN_IN_MAX_FAILURES;
    if ((await failedSignInsSince(db, key, since)) >= limit) {
      throw new AppError(
        "rate_limited",
        `Too many failed sign-ins; try again in ${SIGN_IN_WINDOW_MINUTES} minutes.`,
      );
    }
  }
  let candidates = await findPeopleByEmail(db, email);
  if (input.org) candidates = candidates.filter((c) => c.org.slug === input.org);
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
  for (const key of keys) await recordSignInAttempt(db, key, !!match);
  if (!match) throw new AppError("unauthenticated", "Wrong email or password.");
  const sessionToken = newToken("sws_");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  await insertSession(db, {
    tokenHash: sha256(sessionToken),
    orgId: match.org.id,
    personId: match.person.id,
    csrfToken,
    expiresAt,
  });
  return {
    sessionToken,
    csrfToken,
    expiresAt,
    actor: {
      orgId: match.org.id,
      personId: match.person.id,
      email: match.person.email,
      name: match.person.name,
      role: match.person.role,
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
