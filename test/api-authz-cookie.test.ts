/**
 * The authorisation matrix (api-authz.test.ts) once more, every row, with the
 * callers signed in through POST /auth/sign-in: the session cookie, and the
 * session's CSRF token on every write (test/helpers/authz.ts).
 */
import { setAuthMode } from "./helpers/authz.js";

setAuthMode("cookie");
await import("./api-authz.test.js");
