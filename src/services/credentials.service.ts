/**
 * Passwords without a command line: an admin makes a one-time sign-in link for a
 * person (someone added in Settings or hired has no password yet; someone else
 * forgot theirs), the person opens it, chooses a password and is signed in; and
 * anyone signed in changes their own password. Both end the person's other
 * browser sessions. The design and why: docs/security.md.
 */
import { failedSignInsSince, recordSignInAttempt } from "../db/auth.queries.js";
import type { Db } from "../db/client.js";
import { writeAudit } from "../db/records.queries.js";
import {
  endOtherSessions,
  findPersonCredentials,
  lockSignInLink,
  markSignInLinkUsed,
  replaceSignInLink,
  setPasswordHash,
} from "../db/sign-in-links.queries.js";
import { AppError } from "../domain/errors.js";
import {
  newToken,
  openSession,
  SIGN_IN_FREE_FAILURES,
  SIGN_IN_WINDOW_MINUTES,
  type SignedIn,
  sha256,
} from "./auth.service.js";
import { type Ctx, requireRole, requireWrite } from "./context.js";
import { hashPassword, verifyPassword } from "./passwords.js";

/** How long a sign-in link works (it works once). */
export const SIGN_IN_LINK_DAYS = 7;
export const MIN_PASSWORD_LENGTH = 10;

const TOKEN_PREFIX = "swl_";

export interface SignInLinkJson {
  /** The path to open in this server's web app; the token is in the fragment, never sent in a request line. */
  path: string;
  token: string;
  expiresAt: string;
}

function checkPassword(password: string, field: string) {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("validation_failed", `${field}: at least ${MIN_PASSWORD_LENGTH} characters.`, [
      { path: field, message: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
}

/** An admin makes a one-time link for a person of their organisation; older unused links stop working. */
export async function createSignInLink(
  ctx: Ctx,
  personId: string,
  now = new Date(),
): Promise<SignInLinkJson> {
  requireWrite(ctx.actor);
  requireRole(ctx.actor, "admin");
  if (ctx.actor.via === "token") {
    throw new AppError("forbidden", "Make sign-in links from a signed-in session, not with an API token.");
  }
  const token = newToken(TOKEN_PREFIX);
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_DAYS * 86_400_000);
  await ctx.db.transaction(async (tx) => {
    const person = await findPersonCredentials(tx, ctx.actor.orgId, personId);
    if (!person) throw new AppError("not_found", `No person ${personId}.`);
    if (!person.active) {
      throw new AppError(
        "conflict",
        `${person.name} is deactivated: reactivate them before making a sign-in link.`,
      );
    }
    await replaceSignInLink(
      tx,
      {
        orgId: ctx.actor.orgId,
        personId,
        tokenHash: sha256(token),
        createdBy: ctx.actor.personId,
        expiresAt,
      },
      now,
    );
    await writeAudit(tx, {
      orgId: ctx.actor.orgId,
      actorId: ctx.actor.personId,
      entity: "person",
      entityId: personId,
      action: "sign_in_link_created",
      after: { expiresAt: expiresAt.toISOString() },
    });
  });
  return { path: `/welcome#${token}`, token, expiresAt: expiresAt.toISOString() };
}

const invalidLink = () =>
  new AppError(
    "validation_failed",
    "This sign-in link does not work: it was used already, replaced by a newer one, or it expired. Ask an admin of your organisation for a new one.",
    [{ path: "token", message: "used, replaced or expired" }],
  );

/** Opens a link: sets the person's password, ends their other sessions and signs them in. */
export async function setPasswordWithLink(
  db: Db,
  input: { token: string; password: string },
  now = new Date(),
): Promise<SignedIn> {
  checkPassword(input.password, "password");
  // Hashing is slow: do it before the transaction holds the link's row.
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const r = input.token.startsWith(TOKEN_PREFIX)
      ? await lockSignInLink(tx, sha256(input.token))
      : undefined;
    if (!r || r.link.usedAt || r.link.cancelledAt || r.link.expiresAt <= now || !r.person.active) {
      throw invalidLink();
    }
    await markSignInLinkUsed(tx, r.link.orgId, r.link.id, now);
    await setPasswordHash(tx, r.person.orgId, r.person.id, passwordHash);
    await endOtherSessions(tx, r.person.orgId, r.person.id);
    await writeAudit(tx, {
      orgId: r.person.orgId,
      actorId: r.person.id,
      entity: "person",
      entityId: r.person.id,
      action: "password_set_with_link",
    });
    return openSession(tx, r.person, now);
  });
}

/**
 * The signed-in person changes their password, proving the current one. Wrong
 * current passwords are counted: after 10 in 15 minutes the change is refused
 * until the window has passed, so a borrowed session cannot be used to guess it. Other sessions end; `keepSession`
 * (the hash of the session making the change) stays signed in.
 */
export async function changeMyPassword(
  ctx: Ctx,
  input: { currentPassword: string; newPassword: string },
  keepSession: string | undefined,
  now = new Date(),
): Promise<void> {
  requireWrite(ctx.actor);
  if (ctx.actor.via !== "session") {
    throw new AppError("forbidden", "Change your password from a signed-in session, not with an API token.");
  }
  const { orgId, personId } = ctx.actor;
  const key = `password:${orgId}:${personId}`;
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MINUTES * 60_000);
  if ((await failedSignInsSince(ctx.db, key, since)) >= SIGN_IN_FREE_FAILURES) {
    throw new AppError(
      "rate_limited",
      `Too many wrong current passwords; try again in ${SIGN_IN_WINDOW_MINUTES} minutes.`,
    );
  }
  const person = await findPersonCredentials(ctx.db, orgId, personId);
  if (!person || !(await verifyPassword(person.passwordHash, input.currentPassword))) {
    await recordSignInAttempt(ctx.db, key, false, now);
    throw new AppError("validation_failed", "currentPassword: this is not your current password.", [
      { path: "currentPassword", message: "not your current password" },
    ]);
  }
  checkPassword(input.newPassword, "newPassword");
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await setPasswordHash(tx, orgId, personId, passwordHash);
    await endOtherSessions(tx, orgId, personId, keepSession);
    await writeAudit(tx, {
      orgId,
      actorId: personId,
      entity: "person",
      entityId: personId,
      action: "password_changed",
    });
  });
}
