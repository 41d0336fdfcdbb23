/** `stepwise user add`: the service on a real database, and the CLI's exit codes and messages. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { createApp } from "../src/http/app.js";
import { addUser } from "../src/services/users.service.js";
import { createTestDb } from "./helpers/db.js";
import { makeOrg } from "./helpers/fixtures.js";

let h: DbHandle;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(async () => {
  await h.close();
});

describe("adding a user", () => {
  it("adds a user with a manager who can then sign in with the password given", async () => {
    await makeOrg(h.db, "acme");
    const m = await addUser(h.db, { email: "Boss@Acme.test", role: "manager", password: "boss password 1" });
    expect(m).toMatchObject({ org: "acme", email: "boss@acme.test", role: "manager", generated: false });
    const r = await addUser(h.db, {
      email: "rep@acme.test",
      role: "salesperson",
      managerEmail: "boss@acme.test",
    });
    expect(r.generated).toBe(true);
    expect(r.password.length).toBeGreaterThanOrEqual(16);
    const { app } = createApp({ db: h.db });
    const res = await app.request("/api/v1/auth/sign-in", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "rep@acme.test", password: r.password }),
    });
    expect(res.status).toBe(200);
  });

  it("names the option that is wrong", async () => {
    await expect(addUser(h.db, { email: "x@acme.test", role: "boss" })).rejects.toThrow(/--role/);
    await expect(addUser(h.db, { email: "nope", role: "admin" })).rejects.toThrow(/--email/);
    await expect(
      addUser(h.db, { email: "x@acme.test", role: "admin", managerEmail: "ghost@acme.test" }),
    ).rejects.toThrow(/--manager: no person ghost@acme.test/);
    await expect(addUser(h.db, { email: "rep@acme.test", role: "admin" })).rejects.toThrow(/already a user/);
  });

  it("needs --org when there are several organisations", async () => {
    await makeOrg(h.db, "other");
    await expect(addUser(h.db, { email: "y@x.test", role: "admin" })).rejects.toThrow(/--org is required/);
    const r = await addUser(h.db, { email: "y@x.test", role: "admin", org: "other" });
    expect(r.org).toBe("other");
  });
});

describe("the CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "stepwise-cli-"));
  const env = { ...process.env, STEPWISE_DATA_DIR: dir, DATABASE_URL: "" };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, ["bin/stepwise.mjs", ...args], { env, encoding: "utf8", timeout: 60_000 });

  it("exits 2 on bad usage and 1 on a user error with one line naming the problem", () => {
    const usage = cli("user", "add", "--role", "admin");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("--email");
    cli("migrate");
    const noOrg = cli("user", "add", "--email", "a@b.test", "--role", "admin");
    expect(noOrg.status).toBe(1);
    expect(noOrg.stderr.trim().split("\n")).toEqual([
      "stepwise: There is no organisation yet (run `stepwise demo` or an import).",
    ]);
  });
});
