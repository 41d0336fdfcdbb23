/**
 * Issue 12, items 2 and 3: bodies are read only after authentication and are
 * capped; bad input that used to reach the database as a 500 is a 4xx in the
 * usual error shape, naming the field, with nothing written.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { one } from "../src/db/sql.js";
import { createApp } from "../src/http/app.js";
import { createTestDb } from "./helpers/db.js";
import { caller, makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

let h: DbHandle;
let app: ReturnType<typeof createApp>["app"];
let admin: TestPerson;
let call: ReturnType<typeof caller>;

beforeAll(async () => {
  h = await createTestDb();
  ({ app } = createApp({ db: h.db, handle: h }));
  const org = await makeOrg(h.db, "hh");
  admin = await makePerson(h.db, org.id, { email: "admin@hh.test", role: "admin" });
  call = caller(app, admin);
});
afterAll(async () => {
  await h.close();
});

async function writes() {
  const r = await one<{ a: number; c: number; d: number; l: number }>(
    h.db,
    sql`select (select count(*)::int from accounts) as a, (select count(*)::int from contacts) as c,
               (select count(*)::int from deals) as d, (select count(*)::int from audit_log) as l`,
  );
  return r!;
}

const raw = (
  method: string,
  path: string,
  init: { body?: BodyInit; headers?: Record<string, string> } = {},
) => app.request(`/api/v1${path}`, { method, body: init.body, headers: init.headers });

function expectErrorShape(body: any, code: string) {
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
}

describe("bodies: authentication first, then at most 1 MB", () => {
  it("an anonymous write is 401 without its body being read", async () => {
    let pulled = 0;
    // A body that would never end: if the server read it, the request would hang.
    const endless = new ReadableStream<Uint8Array>({
      pull(ctl) {
        pulled++;
        ctl.enqueue(new TextEncoder().encode(`{"name":"${"x".repeat(60_000)}`));
      },
    });
    const res = await app.request("/api/v1/accounts", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: endless,
      // @ts-expect-error Node's fetch needs this for a stream body
      duplex: "half",
    });
    expect(res.status).toBe(401);
    expectErrorShape(await res.json(), "unauthenticated");
    // The stream's first pull may happen when the Request is built; nothing more is read.
    expect(pulled).toBeLessThanOrEqual(2);
  });

  it("a JSON body over 1 MB is 413 in the usual shape, and nothing is written", async () => {
    const before = await writes();
    // 1 MB = 1,048,576 bytes; this body is 1,100,000 + 12 bytes.
    const body = JSON.stringify({ name: "x".repeat(1_100_000) });
    const res = await raw("POST", "/accounts", {
      body,
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
    });
    expect(res.status).toBe(413);
    expectErrorShape(await res.json(), "payload_too_large");
    expect(await writes()).toEqual(before);
  });

  it("the limit holds without a Content-Length (a streamed body)", async () => {
    const chunk = new TextEncoder().encode("x".repeat(100_000));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (sent === 0) ctl.enqueue(new TextEncoder().encode('{"name":"'));
        // 12 chunks of 100,000 bytes = 1,200,000 bytes > 1,048,576.
        if (sent < 12) ctl.enqueue(chunk);
        else {
          ctl.enqueue(new TextEncoder().encode('"}'));
          ctl.close();
        }
        sent++;
      },
    });
    const res = await app.request("/api/v1/accounts", {
      method: "POST",
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
      body: stream,
      // @ts-expect-error Node's fetch needs this for a stream body
      duplex: "half",
    });
    expect(res.status).toBe(413);
    expectErrorShape(await res.json(), "payload_too_large");
  });

  it("a body just under 1 MB is read (and refused by validation, not by size)", async () => {
    const res = await call("POST", "/accounts", { name: "x".repeat(900_000) });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe("name");
  });

  it("imports are for admins: a salesperson's upload is 403 before it is read", async () => {
    const org = await makeOrg(h.db, "hh-imp");
    const rep = await makePerson(h.db, org.id, { email: "rep@hh-imp.test", role: "salesperson" });
    for (const path of ["/api/v1/imports", "/api/v1/imports/preview"]) {
      let pulled = 0;
      // An endless upload: read, it would end in 413 at 50 MB; refused first, it is 403.
      const endless = new ReadableStream<Uint8Array>({
        pull(ctl) {
          pulled++;
          ctl.enqueue(new TextEncoder().encode("x".repeat(1_000_000)));
        },
      });
      const res = await app.request(path, {
        method: "POST",
        headers: { authorization: `Bearer ${rep.token}`, "content-type": "multipart/form-data; boundary=b" },
        body: endless,
        // @ts-expect-error Node's fetch needs this for a stream body
        duplex: "half",
      });
      expect(res.status).toBe(403);
      expectErrorShape(await res.json(), "forbidden");
      expect(pulled).toBeLessThanOrEqual(2);
    }
  });
});

describe("bad input is a 4xx naming the field, never a 500", () => {
  it("a duplicate account name or contact email is 409 naming the field, nothing written", async () => {
    expect((await call("POST", "/accounts", { name: "Acme" })).status).toBe(201);
    expect((await call("POST", "/contacts", { name: "Jo", email: "jo@acme.test" })).status).toBe(201);
    const before = await writes();
    const a = await call("POST", "/accounts", { name: "Acme" });
    expect(a.status).toBe(409);
    expectErrorShape(a.body, "conflict");
    expect(a.body.error.details).toEqual([{ path: "name", message: "already taken" }]);
    const c = await call("POST", "/contacts", { name: "Jo again", email: "jo@acme.test" });
    expect(c.status).toBe(409);
    expect(c.body.error.details).toEqual([{ path: "email", message: "already taken" }]);
    // Renaming another account onto the taken name is the same conflict.
    const other = await call("POST", "/accounts", { name: "Globex" });
    const after = await writes();
    const rename = await call("PATCH", `/accounts/${other.body.id}`, { name: "Acme" });
    expect(rename.status).toBe(409);
    expect(await writes()).toEqual(after);
    // Between the two checks only Globex (1 account, 1 audit row) was added.
    expect(after).toEqual({ ...before, a: before.a + 1, l: before.l + 1 });
  });

  it.each([
    ["/accounts", { name: "Ac\u0000me" }, "name"],
    ["/contacts", { name: "Jo", email: "jo2@acme.test", leadSource: "web\u0000" }, "leadSource"],
    ["/deals", { name: "D", value: 1, product: "a\u0000" }, "product"],
    ["/activities", { kind: "call", step: 1, doneAt: "2026-01-02T00:00:00Z", notes: "\u0000" }, "notes"],
  ])("\\u0000 in a text field of POST %s is 400 naming %s", async (path, body, field) => {
    const before = await writes();
    const r = await call("POST", path, body);
    expect(r.status).toBe(400);
    expectErrorShape(r.body, "validation_failed");
    expect(r.body.error.details[0].path).toBe(field);
    expect(await writes()).toEqual(before);
  });

  it("\\u0000 in a query parameter is 400 naming it", async () => {
    const r = await call("GET", "/people?team=East%00");
    expect(r.status).toBe(400);
    expect(r.body.error.details[0].path).toBe("team");
  });

  it.each([
    ["/activities", { kind: "call", step: 1, doneAt: "0000-01-01T00:00:00Z" }, "doneAt"],
    ["/deals", { name: "D", value: 1, expectedClose: "0000-01-01" }, "expectedClose"],
    ["/deals", { name: "D", value: 1, createdAt: "2999-01-01T00:00:00Z" }, "createdAt"],
    ["/deals", { name: "D", value: 1, createdAt: "2026-01-01T00:00:00+15:00" }, "createdAt"],
    ["/deals", { name: "D", value: 1, createdAt: "2026-01-01T00:00:00-13:00" }, "createdAt"],
    ["/deals", { name: "D", value: 1, step: " 2 " }, "step"],
  ])("POST %s %j is 400 naming the field", async (path, body, field) => {
    const before = await writes();
    const r = await call("POST", path, body);
    expect(r.status).toBe(400);
    expectErrorShape(r.body, "validation_failed");
    expect(r.body.error.details.map((d: any) => d.path)).toContain(field);
    expect(await writes()).toEqual(before);
  });

  it("the widest real offsets (+14:00, -12:00) and a step without spaces are accepted", async () => {
    for (const createdAt of ["2026-01-01T00:00:00+14:00", "2026-01-01T00:00:00-12:00"]) {
      expect((await call("POST", "/deals", { name: `D ${createdAt}`, value: 1, createdAt })).status).toBe(
        201,
      );
    }
    expect((await call("POST", "/deals", { name: "D step", value: 1, step: "2" })).status).toBe(201);
  });

  it("a forged cursor is 400 naming cursor", async () => {
    const forged = Buffer.from(JSON.stringify(["2020-01-01T00:00:00Z", "not-a-uuid"])).toString("base64url");
    for (const cursor of [forged, "%%%", "bm90IGpzb24", Buffer.from("[1,2]").toString("base64url")]) {
      const r = await call("GET", `/accounts?cursor=${encodeURIComponent(cursor)}`);
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].path).toBe("cursor");
    }
  });

  it("PATCH /steps/{key} with {} is 400, nothing written", async () => {
    const before = await writes();
    const r = await call("PATCH", "/steps/lead", {});
    expect(r.status).toBe(400);
    expectErrorShape(r.body, "validation_failed");
    expect(await writes()).toEqual(before);
  });
});

describe("every answer under /api/v1 is JSON", () => {
  it("an unknown path is a JSON 404 for GET and POST", async () => {
    for (const method of ["GET", "POST", "DELETE"]) {
      const r = await call(method, "/no-such-thing/42", method === "POST" ? {} : undefined);
      expect(r.status).toBe(404);
      expectErrorShape(r.body, "not_found");
    }
    const anon = await raw("GET", "/no-such-thing");
    expect(anon.status).toBe(404);
    expect(anon.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("a wrong Content-Type is a JSON 415", async () => {
    const r = await raw("POST", "/accounts", {
      body: JSON.stringify({ name: "Plain" }),
      headers: { authorization: `Bearer ${admin.token}`, "content-type": "text/plain" },
    });
    expect(r.status).toBe(415);
    expectErrorShape(await r.json(), "unsupported_media_type");
  });

  it("openapi.json names the server's base path, so generated clients call /api/v1/…", async () => {
    const doc = await (await raw("GET", "/openapi.json")).json();
    expect(doc.servers).toEqual([expect.objectContaining({ url: "/api/v1" })]);
  });
});

describe("security headers", () => {
  it("API responses carry nosniff, a frame ban, a referrer policy and a CSP", async () => {
    const r = await raw("GET", "/openapi.json");
    expect(r.headers.get("x-content-type-options")).toBe("nosniff");
    expect(r.headers.get("x-frame-options")).toBe("DENY");
    expect(r.headers.get("referrer-policy")).toBe("same-origin");
    const csp = r.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});
