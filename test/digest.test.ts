/**
 * The weekly digest: scheduled as a durable job for Monday 07:00 in the
 * organisation's zone, run by the jobs queue, sent over SMTP to a real SMTP
 * server on loopback (smtp-server) with the expected subject, recipient and figures.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "../src/db/client.js";
import { jobsOf } from "../src/db/jobs.queries.js";
import type { Ctx } from "../src/services/context.js";
import { nextDigest, scheduleDigests } from "../src/services/digest.service.js";
import { jobHandlers } from "../src/services/jobs.service.js";
import { runDueJobs } from "../src/services/jobs.worker.js";
import { smtpMailer } from "../src/services/mail.js";
import { inbox } from "../src/services/notifications.service.js";
import { createCommitment, openReview } from "../src/services/reviews.service.js";
import { createTestDb } from "./helpers/db.js";
import { makeOrg, makePerson, type TestPerson } from "./helpers/fixtures.js";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

let h: DbHandle;
let smtp: SMTPServer;
let port: number;
const received: Received[] = [];
let orgId: string;
const P: Record<string, TestPerson> = {};

beforeAll(async () => {
  h = await createTestDb();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (b: Buffer) => {
        raw += b.toString();
      });
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", () => resolve()));
  port = (smtp.server.address() as AddressInfo).port;
  const org = await makeOrg(h.db, "digest", "Europe/Berlin");
  orgId = org.id;
  P.m = await makePerson(h.db, orgId, { email: "mia@d.test", role: "manager", name: "Mia Manager" });
  P.a = await makePerson(h.db, orgId, {
    email: "ann@d.test",
    role: "salesperson",
    managerId: P.m.id,
    name: "Ann",
  });
  P.b = await makePerson(h.db, orgId, {
    email: "ben@d.test",
    role: "salesperson",
    managerId: P.m.id,
    name: "Ben",
  });
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await h.close();
});

/** The text body of a message: headers unfolded, quoted-printable decoded. */
function parse(raw: string) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, " ");
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, "im").exec(headers)?.[1] ?? "";
  let body = rest.join("\n\n");
  if (/quoted-printable/i.test(header("Content-Transfer-Encoding"))) {
    body = body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-F]{2})/g, (_m, x) => String.fromCharCode(Number.parseInt(x, 16)));
  }
  return { subject: header("Subject"), to: header("To"), body: body.replace(/\r\n/g, "\n") };
}

describe("the weekly digest", () => {
  it("is sent by the jobs queue on Monday 07:00 local, with each person's week", async () => {
    const ctx: Ctx = {
      db: h.db,
      actor: {
        orgId,
        personId: P.m.id,
        email: P.m.email,
        name: "Mia",
        role: "manager",
        scope: "write",
        via: "token",
      },
    };
    // Tue 10 Nov 2026: Ann commits to 2 calls by Thu 12 Nov and makes none (missed);
    // Ben has an open free-text commitment. Ann had a review on 10 Nov; Ben never: 1 of 2 overdue on 16 Nov.
    const tue = new Date("2026-11-10T09:00:00Z");
    await createCommitment(
      ctx,
      {
        personId: P.a.id,
        text: "2 calls",
        measure: { activityKind: "call" },
        target: 2,
        dueDate: "2026-11-12",
      },
      tue,
    );
    await createCommitment(
      ctx,
      { personId: P.b.id, text: "Clean up the pipeline", dueDate: "2026-11-20" },
      tue,
    );
    await openReview(ctx, { personId: P.a.id, period: "2026-11" }, tue);

    // Scheduled from Wed 11 Nov: the next Monday is 16 Nov, 07:00 in Berlin (CET, +1) = 06:00 UTC.
    const wed = new Date("2026-11-11T12:00:00Z");
    expect(nextDigest(wed, "Europe/Berlin")).toEqual({
      date: "2026-11-16",
      at: new Date("2026-11-16T06:00:00Z"),
    });
    await scheduleDigests(h.db, wed);
    await scheduleDigests(h.db, wed); // idempotent
    expect((await jobsOf(h.db, orgId, "digest.weekly")).map((j) => [j.key, j.status])).toEqual([
      ["digest.weekly:2026-11-16", "pending"],
    ]);

    const handlers = jobHandlers({
      mailer: smtpMailer(`smtp://127.0.0.1:${port}`, "Stepwise <stepwise@d.test>"),
    });
    // Ann's reminder on the morning of Thu 12 Nov (Berlin 00:00 = 11 Nov 23:00 UTC) and the
    // commitment check at its end (Berlin midnight = 12 Nov 23:00 UTC): missed, 0 of 2.
    expect((await runDueJobs(h.db, new Date("2026-11-12T23:00:01Z"), { handlers })).done).toBe(2);
    expect(received).toEqual([]);
    // Monday 05:59 UTC: not yet; 06:00:01 UTC: the digest.
    expect((await runDueJobs(h.db, new Date("2026-11-16T05:59:00Z"), { handlers })).claimed).toBe(0);
    expect((await runDueJobs(h.db, new Date("2026-11-16T06:00:01Z"), { handlers })).done).toBe(1);

    // Three people (Ann, Ben, Mia), one message each.
    expect(received.map((r) => r.to).sort()).toEqual([["ann@d.test"], ["ben@d.test"], ["mia@d.test"]]);
    expect(received.every((r) => r.from === "stepwise@d.test")).toBe(true);
    const byTo = new Map(received.map((r) => [r.to[0], parse(r.raw)]));
    const ann = byTo.get("ann@d.test")!;
    expect(ann.subject).toBe("Stepwise weekly digest for Ann, week to 2026-11-16");
    expect(ann.to).toBe("ann@d.test");
    expect(ann.body).toContain("- commitments kept: 0\n- commitments missed: 1\n- commitments still open: 0");
    const ben = byTo.get("ben@d.test")!;
    expect(ben.body).toContain("- commitments kept: 0\n- commitments missed: 0\n- commitments still open: 1");
    const mia = byTo.get("mia@d.test")!;
    expect(mia.subject).toBe("Stepwise weekly digest for Mia Manager, week to 2026-11-16");
    expect(mia.body).toContain(
      "- reviews overdue: 1 of 2 direct reports\n- commitments your reports missed: 1",
    );
    expect(
      (await inbox({ ...ctx }, {})).some(
        (x) => x.title === "Your week: 0 commitments kept, 0 missed, 1 review overdue",
      ),
    ).toBe(true);
    // The next week's digest is in the queue.
    expect((await jobsOf(h.db, orgId, "digest.weekly")).map((j) => [j.key, j.status])).toEqual([
      ["digest.weekly:2026-11-16", "done"],
      ["digest.weekly:2026-11-23", "pending"],
    ]);
  });
});
