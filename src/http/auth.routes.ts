import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { AppError } from "../domain/errors.js";
import { signIn, signOut } from "../services/auth.service.js";
import { clientAddress, type Network, parseNetworks } from "../services/networks.js";
import type { Api } from "./api.js";
import { ctxOf, SESSION_COOKIE } from "./auth.js";
import { ErrorBody, SignIn } from "./schemas.js";

const Me = z
  .object({
    person: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      role: z.string(),
      orgId: z.string(),
    }),
    csrfToken: z.string().nullable(),
  })
  .openapi("Me");

const errors = {
  400: { description: "Invalid input", content: { "application/json": { schema: ErrorBody } } },
  401: { description: "Not signed in", content: { "application/json": { schema: ErrorBody } } },
};

/** The socket's peer, or the client a trusted proxy names in X-Forwarded-For. */
function requestAddress(c: Context, trusted: Network[]): string | undefined {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    return undefined; // in-process requests (tests) have no socket
  }
  return clientAddress(peer, c.req.header("x-forwarded-for"), trusted);
}

export function registerAuthRoutes(api: Api, opts: { secureCookies: boolean; trustedProxies?: Network[] }) {
  const trusted = opts.trustedProxies ?? [];
  api.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-in",
      tags: ["auth"],
      summary: "Sign in with email and password; sets the session cookie",
      request: { body: { content: { "application/json": { schema: SignIn } }, required: true } },
      responses: {
        200: { description: "Signed in", content: { "application/json": { schema: Me } } },
        ...errors,
        429: { description: "Too many attempts", content: { "application/json": { schema: ErrorBody } } },
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const s = await signIn(c.get("db"), { ...body, clientAddress: requestAddress(c, trusted) });
      setCookie(c, SESSION_COOKIE, s.sessionToken, {
        httpOnly: true,
        sameSite: "Lax",
        secure: opts.secureCookies,
        path: "/",
        expires: s.expiresAt,
      });
      const a = s.actor;
      return c.json(
        {
          person: { id: a.personId, email: a.email, name: a.name, role: a.role, orgId: a.orgId },
          csrfToken: s.csrfToken,
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/auth/sign-out",
      tags: ["auth"],
      summary: "End the session",
      responses: { 204: { description: "Signed out" }, ...errors },
    }),
    async (c) => {
      ctxOf(c);
      const cookie = getCookie(c, SESSION_COOKIE);
      if (!cookie) throw new AppError("unauthenticated", "Not signed in with a session.");
      await signOut(c.get("db"), cookie);
      deleteCookie(c, SESSION_COOKIE, { path: "/" });
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "get",
      path: "/auth/me",
      tags: ["auth"],
      summary: "Who is signed in",
      responses: {
        200: { description: "The signed-in person", content: { "application/json": { schema: Me } } },
        ...errors,
      },
    }),
    async (c) => {
      const { actor: a } = ctxOf(c);
      return c.json(
        {
          person: { id: a.personId, email: a.email, name: a.name, role: a.role, orgId: a.orgId },
          csrfToken: c.get("csrfToken") ?? null,
        },
        200,
      );
    },
  );
}

/** STEPWISE_TRUSTED_PROXIES: the reverse proxies whose X-Forwarded-For is believed (none by default). */
export const trustedProxiesFromEnv = (env = process.env) =>
  parseNetworks(env.STEPWISE_TRUSTED_PROXIES, "STEPWISE_TRUSTED_PROXIES");
