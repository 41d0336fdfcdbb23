/** Writes CSV files for import tests: a generated organisation of any size, or literal fixtures. */
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeFiles(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, body]) => {
    const path = join(dir, name);
    writeFileSync(path, body);
    return path;
  });
}

async function writeLines(path: string, header: string, n: number, line: (i: number) => string) {
  const out = createWriteStream(path);
  let buf = `${header}\n`;
  for (let i = 0; i < n; i++) {
    buf += `${line(i)}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once("drain", () => r()));
      buf = "";
    }
  }
  out.write(buf);
  await new Promise((r, j) => out.end((e?: Error) => (e ? j(e) : r(undefined))));
}

/**
 * A synthetic organisation: 1 manager + `reps` salespeople, 20 contacts and a
 * 2026-Q1 quota per salesperson, `deals` deals (every 10th won) with steps 1..3
 * each, and `activities` activities on those deals.
 */
export async function generateOrg(
  dir: string,
  size: { reps: number; deals: number; activities: number },
): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const p = (f: string) => join(dir, f);
  const rep = (i: number) => `rep${i % size.reps}@gen.test`;
  const t = (day: number, h = 9) =>
    new Date(Date.UTC(2026, 0, 1 + day, h)).toISOString().replace(".000Z", "Z");
  await writeLines(p("people.csv"), "email,name,role,manager_email,team", size.reps + 1, (i) =>
    i === 0 ? "mgr@gen.test,Manager,manager,,Gen" : `${rep(i - 1)},Rep ${i - 1},salesperson,mgr@gen.test,Gen`,
  );
  await writeLines(p("contacts.csv"), "email,name,owner_email,customer", size.reps * 20, (i) =>
    [`c${i}@client.test`, `Contact ${i}`, rep(i), i % 4 === 0 ? "true" : "false"].join(","),
  );
  await writeLines(
    p("quotas.csv"),
    "email,period,amount",
    size.reps,
    (i) => `${rep(i)},2026-Q1,${50_000 + i}`,
  );
  await writeLines(
    p("deals.csv"),
    "external_id,name,owner_email,value,created_at,status,closed_at",
    size.deals,
    (i) =>
      `G${i},Deal ${i},${rep(i)},${1000 + (i % 50) * 100}.50,${t(i % 250)},${i % 10 === 0 ? "won" : "open"},${
        i % 10 === 0 ? t((i % 250) + 20) : ""
      }`,
  );
  await writeLines(p("deal_steps.csv"), "deal_external_id,step,entered_at", size.deals * 3, (i) => {
    const d = Math.floor(i / 3);
    return `G${d},${(i % 3) + 1},${t((d % 250) + (i % 3) * 2, 10)}`;
  });
  await writeLines(
    p("activities.csv"),
    "external_id,owner_email,kind,step,deal_external_id,done_at,logged_at",
    size.activities,
    (i) => {
      const d = i % size.deals;
      return `GA${i},${rep(d)},call,${(i % 3) + 1},G${d},${t((d % 250) + 1, 11)},${t((d % 250) + 2, 12)}`;
    },
  );
  return ["people.csv", "contacts.csv", "quotas.csv", "deals.csv", "deal_steps.csv", "activities.csv"].map(p);
}
