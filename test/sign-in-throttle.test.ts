/**
 * Issue 12, item 5: the sign-in throttle cannot be used to lock out a real
 * user; X-Forwarded-For counts only from a trusted proxy; an unknown email
 * costs the same Argon2 verification as a wrong password.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { dummyHash, signIn } from "../src/services/auth.service.js";
import { clientAddress, parseNetworks } from "../src/services/networks.js";
import { hashPassword } from "../src/services/passwords.js";
import { createTestDb } from "./helpers/db.js";
import { makeOrg, makePerson, PASSWORD } from "./helpers/fixtures.js";

let h: DbHandle;

beforeAll(async () => {
  h = await createTestDb();
  const org = await makeOrg(h.db, "thr");
  for (const who of ["victim", "known", "stranger", "proxied"]) {
    await makePerson(h.db, org.id, { email: `${who}@thr.test`, role: "salesperson" });
  }
});
afterAll(async () => {
  await h.close();
});

const T0 = new Date("2026-06-01T12:00:00Z").getTime();
const at = (seconds: number) => new Date(T0 + seconds * 1000);

/** The error code of a sign-in, or "ok". */
async function attempt(email: string, password: string, clientAddress: string, when: Date) {
  try {
    await signIn(h.db, { email, password, clientAddress }, when);
    return "ok";
  } catch (e: any) {
    return e.code as string;
  }
}

describe("per email + address, with backoff", () => {
  it("10 failures from an attacker's address do not stop the real user elsewhere", async () => {
    for (let i = 0; i < 10; i++) {
      expect(await attempt("victim@thr.test", `guess ${i}`, "203.0.113.66", at(i))).toBe("unauthenticated");
    }
    // From the attacker's address even the right password waits…
    expect(await attempt("victim@thr.test", PASSWORD, "203.0.113.66", at(11))).toBe("rate_limited");
    // …but the victim, from their own (clean) address, signs in.
    expect(await attempt("victim@thr.test", PASSWORD, "198.51.100.10", at(12))).toBe("ok");
  });

  it("the wait doubles: 1 minute after the 10th failure, 2 after the 11th", async () => {
    // The 10th failure was at second 9 (test above): free again at 9 + 60 = 69.
    expect(await attempt("victim@thr.test", "guess", "203.0.113.66", at(68))).toBe("rate_limited");
    expect(await attempt("victim@thr.test", "guess", "203.0.113.66", at(70))).toBe("unauthenticated");
    // 11 failures: wait 120 s after second 70, so until 190.
    expect(await attempt("victim@thr.test", PASSWORD, "203.0.113.66", at(189))).toBe("rate_limited");
    expect(await attempt("victim@thr.test", PASSWORD, "203.0.113.66", at(191))).toBe("ok");
  });

  it("an address that fails 100 times may still sign in people who signed in from it before", async () => {
    const office = "192.0.2.77";
    expect(await attempt("known@thr.test", PASSWORD, office, at(1000))).toBe("ok");
    // 100 failures from the office, on 100 different (unknown) emails: a credential-stuffing run.
    for (let i = 0; i < 100; i++) {
      expect(await attempt(`nobody${i}@thr.test`, "x", office, at(1001 + i))).toBe("unauthenticated");
    }
    expect(await attempt("known@thr.test", PASSWORD, office, at(1200))).toBe("ok");
    expect(await attempt("stranger@thr.test", PASSWORD, office, at(1201))).toBe("rate_limited");
    expect(await attempt("stranger@thr.test", PASSWORD, "198.51.100.20", at(1202))).toBe("ok");
    // After the 15-minute window (last failure at 1100 + 900 = 2000) the office is clear again.
    expect(await attempt("stranger@thr.test", PASSWORD, office, at(2001))).toBe("ok");
  });
});

describe("the client address behind a proxy", () => {
  const trusted = parseNetworks("10.0.0.0/8, 127.0.0.1", "test");
  it.each([
    // [peer, X-Forwarded-For, trusted?, expected client]
    ["127.0.0.1", "203.0.113.5", true, "203.0.113.5"],
    ["127.0.0.1", "1.2.3.4, 203.0.113.5", true, "203.0.113.5"], // the left entry is the client's word
    ["127.0.0.1", "203.0.113.5, 10.1.1.1", true, "203.0.113.5"], // two trusted hops
    ["127.0.0.1", "not-an-ip", true, "127.0.0.1"],
    ["198.51.100.1", "203.0.113.5", true, "198.51.100.1"], // not a trusted peer: header ignored
    ["127.0.0.1", "203.0.113.5", false, "127.0.0.1"], // no trusted proxies configured
    ["::ffff:127.0.0.1", "203.0.113.5", true, "203.0.113.5"], // IPv4-mapped peer
  ])("peer %s, X-Forwarded-For %s (trusted: %s) → %s", (peer, xff, isTrusted, expected) => {
    expect(clientAddress(peer, xff, isTrusted ? trusted : [])).toBe(expected);
  });

  it("a bad STEPWISE_TRUSTED_PROXIES entry is an error naming it", () => {
    expect(() => parseNetworks("10.0.0.0/8, proxy.local", "STEPWISE_TRUSTED_PROXIES")).toThrow(
      'STEPWISE_TRUSTED_PROXIES: not an address or CIDR range: "proxy.local"',
    );
  });

  async function server(trustedProxies: string) {
    const { app } = createApp({ db: h.db, trustedProxies });
    const s = await new Promise<ReturnType<typeof serve>>((ok) => {
      const x = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => ok(x));
    });
    const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
    const post = async (email: string, password: string, xff: string) =>
      (
        await fetch(`${url}/api/v1/auth/sign-in`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": xff },
          body: JSON.stringify({ email, password }),
        })
      ).status;
    return { post, close: () => new Promise<void>((ok) => s.close(() => ok())) };
  }

  it("over HTTP: behind a trusted proxy each client has its own throttle", async () => {
    const s = await server("127.0.0.1");
    try {
      for (let i = 0; i < 10; i++) expect(await s.post("proxied@thr.test", `g${i}`, "203.0.113.9")).toBe(401);
      expect(await s.post("proxied@thr.test", PASSWORD, "203.0.113.9")).toBe(429);
      expect(await s.post("proxied@thr.test", PASSWORD, "198.51.100.9")).toBe(200);
    } finally {
      await s.close();
    }
  });

  it("over HTTP: without a trusted proxy, X-Forwarded-For changes nothing", async () => {
    const s = await server("");
    try {
      const org = await makeOrg(h.db, "thr-x");
      await makePerson(h.db, org.id, { email: "direct@thr-x.test", role: "salesperson" });
      for (let i = 0; i < 10; i++)
        expect(await s.post("direct@thr-x.test", `g${i}`, `203.0.113.${i}`)).toBe(401);
      // All ten came from 127.0.0.1 whatever the header said.
      expect(await s.post("direct@thr-x.test", PASSWORD, "198.51.100.99")).toBe(429);
    } finally {
      await s.close();
    }
  });
});

describe("unknown emails cost what wrong passwords cost", () => {
  it("the dummy hash is an Argon2id hash with the same parameters as real ones", async () => {
    const real = await hashPassword("some password");
    const params = (x: string) => x.split("$").slice(1, 4).join("$"); // argon2id$v=19$m=…,t=…,p=…
    expect(params(await dummyHash())).toBe(params(real));
    expect(params(real)).toMatch(/^argon2id\$v=19\$m=\d+,t=\d+,p=\d+$/);
  });
});
