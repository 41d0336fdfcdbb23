import { type Command, InvalidArgumentError } from "commander";
import { DEMO_DEFAULTS, DEMO_MAX_PEOPLE, DEMO_MIN_PEOPLE } from "../domain/demo.js";
import type { DemoProgress } from "../services/demo.service.js";

function intOption(name: string, min: number, max: number) {
  return (v: string) => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    }
    return n;
  };
}

function dateOption(v: string): Date {
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw new InvalidArgumentError("--as-of must be an ISO date or date-time");
  return d;
}

/** A bar on a terminal; a plain line every 10 % otherwise (logs, CI). */
async function progressReporter(out: NodeJS.WriteStream) {
  if (out.isTTY) {
    const { default: cliProgress } = await import("cli-progress");
    const bar = new cliProgress.SingleBar(
      {
        stream: out,
        format: "demo [{bar}] {percentage}% | {value}/{total} sellers | {rows} rows | {duration_formatted}",
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p: DemoProgress) {
        if (!started) {
          bar.start(p.total, 0, { rows: 0 });
          started = true;
        }
        bar.update(p.done, { rows: p.rows.toLocaleString("en-US") });
      },
      stop() {
        if (started) bar.stop();
        started = false;
      },
    };
  }
  let lastDecile = -1;
  return {
    update(p: DemoProgress) {
      const decile = Math.floor((p.done / p.total) * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        out.write(`demo: ${decile * 10}% (${p.done}/${p.total} sellers, ${p.rows} rows)\n`);
      }
    },
    stop() {},
  };
}

export function registerDemo(program: Command) {
  program
    .command("demo")
    .description("(re)create the demo organisation: a realistic, deterministic sales org")
    .option("--org <slug>", "organisation slug", DEMO_DEFAULTS.slug)
    .option(
      "--people <n>",
      `total headcount (${DEMO_MIN_PEOPLE}–${DEMO_MAX_PEOPLE})`,
      intOption("--people", DEMO_MIN_PEOPLE, DEMO_MAX_PEOPLE),
      40,
    )
    .option(
      "--seed <n>",
      "random seed (same seed → same organisation)",
      intOption("--seed", 0, 2 ** 31 - 1),
      7,
    )
    .option("--as-of <iso>", "the history runs up to this instant (default: now)", dateOption)
    .option(
      "--deals-per-rep <n>",
      "deals a typical salesperson opens per year",
      intOption("--deals-per-rep", 1, 100_000),
      DEMO_DEFAULTS.dealsPerRepYear,
    )
    .option(
      "--activities-per-deal <n>",
      "done activities per typical deal",
      intOption("--activities-per-deal", 0, 1000),
      DEMO_DEFAULTS.activitiesPerDeal,
    )
    .action(
      async (o: {
        org: string;
        people: number;
        seed: number;
        asOf?: Date;
        dealsPerRep: number;
        activitiesPerDeal: number;
      }) => {
        const [{ migrate, openDb }, { createDemoOrg }] = await Promise.all([
          import("../db/client.js"),
          import("../services/demo.service.js"),
        ]);
        const h = await openDb();
        const progress = await progressReporter(process.stderr);
        try {
          await migrate(h);
          const s = await createDemoOrg(h, {
            slug: o.org,
            people: o.people,
            seed: o.seed,
            // The CLI is the edge: the clock is read here, never in the generator.
            asOf: o.asOf ?? new Date(),
            dealsPerRepYear: o.dealsPerRep,
            activitiesPerDeal: o.activitiesPerDeal,
            onProgress: (p) => progress.update(p),
          });
          progress.stop();
          const secs = s.elapsedMs / 1000;
          const w = (line = "") => process.stdout.write(`${line}\n`);
          w(
            `demo organisation "${s.slug}" ${s.replaced ? "re-created" : "created"} on ${h.kind} in ${secs.toFixed(1)} s`,
          );
          w();
          for (const [table, n] of Object.entries(s.rows))
            w(`  ${table.padEnd(14)} ${n.toLocaleString("en-US").padStart(12)}`);
          w(
            `  ${"total".padEnd(14)} ${s.totalRows.toLocaleString("en-US").padStart(12)}  (${Math.round(s.totalRows / secs).toLocaleString("en-US")} rows/s)`,
          );
          w();
          w(`sign in with password "${s.password}" (every person in the demo has it):`);
          for (const a of s.signIns) w(`  ${a.email.padEnd(20)} ${a.role.padEnd(12)} ${a.name}`);
        } finally {
          progress.stop();
          await h.close();
        }
      },
    );
}
