/**
 * Request ids and request logs (src/http/request-log.ts) on a bare Hono app:
 * the id is the caller's when sane, else a new UUID; error bodies carry it; a
 * log line has the fields and nothing else; pretty and JSON formats.
 */
import { Writable } from "node:stream";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createLogger, requestLog } from "../src/http/request-log.js";

function sink() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

function app(format: "json" | "pretty") {
  const out = sink();
  const a = new Hono();
  a.use("*", requestLog(createLogger({ format, destination: out.stream })));
  a.use("*", async (c, next) => {
    c.set("actor" as never, { personId: "person-7" } as never);
    await next();
  });
  a.post("/ok", (c) => c.json({ fine: true }, 201));
  a.get("/missing", (c) => c.json({ error: { code: "not_found", message: "No such thing." } }, 404));
  a.get("/boom", () => {
    throw new Error("kaput");
  });
  a.onError((_e, c) => c.json({ error: { code: "internal", message: "Internal error." } }, 500));
  return { a, lines: out.lines };
}

describe("request ids", () => {
  it("keeps a sane caller id, replaces anything else, and puts it in error bodies", async () => {
    const { a } = app("json");
    const mine = await a.request("/missing", { headers: { "x-request-id": "ticket-42.a:b_c" } });
    expect(mine.headers.get("x-request-id")).toBe("ticket-42.a:b_c");
    expect(await mine.json()).toEqual({
      error: { code: "not_found", message: "No such thing.", requestId: "ticket-42.a:b_c" },
    });
    const bad = await a.request("/missing", { headers: { "x-request-id": "<script>" } });
    const id = bad.headers.get("x-request-id")!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await bad.json()).error.requestId).toBe(id);
    const boom = await a.request("/boom");
    expect(boom.status).toBe(500);
    expect((await boom.json()).error).toEqual({
      code: "internal",
      message: "Internal error.",
      requestId: boom.headers.get("x-request-id"),
    });
    // Success bodies are untouched.
    const ok = await a.request("/ok", { method: "POST", body: '{"password":"hunter22"}' });
    expect(await ok.json()).toEqual({ fine: true });
  });
});

describe("request logs", () => {
  it("JSON: one line per request with method, path, status, ms, reqId, actor — no query, no body", async () => {
    const { a, lines } = app("json");
    await a.request("/ok?token=secret-in-query", {
      method: "POST",
      headers: { "x-request-id": "r1", authorization: "Bearer sw_secret" },
      body: '{"password":"hunter22"}',
    });
    await a.request("/missing", { headers: { "x-request-id": "r2" } });
    await a.request("/boom", { headers: { "x-request-id": "r3" } });
    expect(lines).toHaveLength(3);
    const [ok, missing, boom] = lines.map((l) => JSON.parse(l));
    expect(Object.keys(ok).sort()).toEqual([
      "actor",
      "level",
      "method",
      "ms",
      "msg",
      "path",
      "reqId",
      "status",
      "time",
    ]);
    expect(ok).toMatchObject({
      level: 30,
      method: "POST",
      path: "/ok",
      status: 201,
      reqId: "r1",
      actor: "person-7",
    });
    expect(missing).toMatchObject({ level: 40, status: 404, reqId: "r2" });
    expect(boom).toMatchObject({ level: 50, status: 500, reqId: "r3" });
    const all = lines.join("\n");
    for (const secret of ["secret-in-query", "sw_secret", "hunter22"]) expect(all).not.toContain(secret);
  });

  it("pretty: one readable line per request", async () => {
    const { a, lines } = app("pretty");
    await a.request("/missing", { headers: { "x-request-id": "r9" } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\[\d\d:\d\d:\d\d\] WARN: GET \/missing 404 [\d.]+ ms \{"reqId":"r9","actor":"person-7"\}$/,
    );
  });
});
