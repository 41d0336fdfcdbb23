/**
 * Who is asking. Every service function takes a Ctx and checks the actor's
 * rights itself: authorisation lives here, never only in the UI or routes.
 */
import type { Db } from "../db/client.js";
import { AppError } from "../domain/errors.js";
import type { Role } from "../domain/vocabulary.js";

export interface Actor {
  orgId: string;
  personId: string;
  email: string;
  name: string;
  role: Role;
  /** Bearer tokens may be read-only; sessions and the CLI can write. */
  scope: "read" | "write";
  via: "session" | "token" | "system";
}

export interface Ctx {
  db: Db;
  actor: Actor;
}

export function requireWrite(actor: Actor): void {
  if (actor.scope !== "write") throw new AppError("forbidden", "This API token is read-only.");
}

export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!roles.includes(actor.role)) {
    throw new AppError("forbidden", `Only ${roles.join(" or ")} may do this.`);
  }
}
