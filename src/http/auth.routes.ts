import { getConnInfo } from "@hono/node-server/conninfo";
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { AppError } from "../domain/errors.js";
import { type SignedIn, sha256, signIn, signOut } from "../services/auth.service.js";
import { changeMyPassword, createSignInLink, setPasswordWithLink } from "../services/credentials.service.js";
import { clientAddress, type Network, parseNetworks } from "../services/networks.js";
import type { Api } from "./api.js";
import { ctxOf, SESSION_COOKIE } from "./auth.js";
import { json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";
import { ErrorBody, IdParam, SignIn } from "./schemas.js";

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

const SignInLink = z
  .object({
    path: z.string().openapi({ description: "Open in this server's web app: /welcome#<token>" }),
    token: z.string(),
    expiresAt: z.string(),
  })
  .openapi("SignInLink");

const SetPassword = z
  .object({ token: z.string().min(1).max(200), password: z.string().min(1).max(1000) })
  .strict();
const ChangePassword = z
  .object({ currentPassword: z.string().min(1).max(1000), newPassword: z.string().min(1).max(1000) })
  .strict();

const meOf = (s: SignedIn) => {
  const a = s.actor;
  return {
    person: { id: a.personId, email: a.email, name: a.name, role: a.role, orgId: a.orgId },
    csrfToken: s.csrfToken,
  };
};

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
  const sessionCookie = (c: Parameters<typeof setCookie>[0], s: SignedIn) =>
    setCookie(c, SESSION_COOKIE, s.sessionToken, {
      httpOnly: true,
      sameSite: "Lax",
      secure: opts.secureCookies,
      path: "/",
      expires: s.expiresAt,
    });
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
      sessionCookie(c, s);
      return c.json(meOf(s), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/auth/set-password",
      tags: ["auth"],
      summary: "Open a one-time sign-in link: choose a password and be signed in (sets the session cookie)",
      request: { body: { content: { "application/json": { schema: SetPassword } }, required: true } },
      responses: {
        200: { description: "Password set, signed in", content: { "application/json": { schema: Me } } },
        ...errors,
      },
    }),
    async (c) => {
      const s = await setPasswordWithLink(c.get("db"), c.req.valid("json"));
      sessionCookie(c, s);
      return c.json(meOf(s), 200);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/auth/password",
      tags: ["auth"],
      summary: "Change your own password (from a session); your other sessions end",
      request: { body: { content: { "application/json": { schema: ChangePassword } }, required: true } },
      responses: { 204: { description: "Changed" }, ...ERRORS },
    }),
    async (c) => {
      const cookie = getCookie(c, SESSION_COOKIE);
      await changeMyPassword(ctxOf(c), c.req.valid("json"), cookie ? sha256(cookie) : undefined);
      return c.body(null, 204);
    },
  );

  api.openapi(
    createRoute({
      method: "post",
      path: "/people/{id}/sign-in-link",
      tags: ["auth"],
      summary:
        "Admins: a one-time link with which a person sets their password and signs in (7 days; a new one cancels the old)",
      request: { params: IdParam },
      responses: { 201: json(SignInLink, "The link, shown once"), ...ERRORS },
    }),
    async (c) => c.json(await createSignInLink(ctxOf(c), c.req.valid("param").id), 201),
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
