/**
 * Issue 12, item 8: `stepwise serve` listens on 127.0.0.1 unless --host is
 * given, says so, and on an empty database prints the one-time setup code that
 * POST /setup requires. A real process on a fresh embedded data directory.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "stepwise-serve-"));
const env = { ...process.env, STEPWISE_DATA_DIR: dir, DATABASE_URL: "", HOST: "" };
delete (env as Record<string, string | undefined>).HOST;
let proc: ChildProcess | undefined;

afterAll(() => {
  proc?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

function start(): Promise<{ out: string; port: number; code: string }> {
  return new Promise((ok, fail) => {
    proc = spawn(process.execPath, ["bin/stepwise.mjs", "serve", "--port", "0", "--no-demo"], { env });
    let out = "";
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 60_000);
    const seen = () => {
      const listen = /Listening on 127\.0\.0\.1:(\d+) only/.exec(out);
      const code = /Setup code[^:]*: (\S+)/.exec(out);
      if (listen && code) {
        clearTimeout(timer);
        ok({ out, port: Number(listen[1]), code: code[1] });
      }
    };
    proc.stdout!.on("data", (d) => {
      out += d;
      seen();
    });
    proc.stderr!.on("data", (d) => {
      out += d;
    });
    proc.once("exit", (c) => fail(new Error(`server exited ${c}: ${out}`)));
  });
}

describe("stepwise serve defaults", () => {
  it("listens on 127.0.0.1 only, prints it, and setup needs the printed code", async () => {
    const { port, code } = await start();
    const base = `http://127.0.0.1:${port}/api/v1`;
    expect((await fetch(`${base}/setup`)).status).toBe(200);
    // Another interface of this machine, if it has one, is not served.
    const other = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === "IPv4" && !i.internal);
    if (other) {
      const refused = await fetch(`http://${other.address}:${port}/api/v1/setup`).then(
        () => false,
        () => true,
      );
      expect(refused).toBe(true);
    }
    const body = {
      organisation: { name: "Serve Test", slug: "serve" },
      admin: { name: "Admin", email: "admin@serve.test", password: "a long enough password" },
    };
    const post = (b: unknown) =>
      fetch(`${base}/setup`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(b),
      });
    expect(code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    expect((await post(body)).status).toBe(403);
    expect(
      (await post({ ...body, setupCode: "0000-0000-0000" === code ? "1111-1111-1111" : "0000-0000-0000" }))
        .status,
    ).toBe(403);
    expect((await post({ ...body, setupCode: code })).status).toBe(201);
    expect((await post({ ...body, setupCode: code })).status).toBe(409);
  });
});
