// The embedded database (PGlite) in its own thread, so that a long query never
// stops the HTTP event loop. Plain JavaScript on purpose: the same file runs
// under tsx, under vitest and from the CLI bundle without any loader.
// The other side is src/db/pglite-proxy.ts (the protocol is described there).
//
// Scheduling: PGlite has one connection. Units of work (a query, a whole
// transaction, a dump) run one at a time; a transaction holds the database
// until it commits or rolls back, and only its own queries run meanwhile.
// Waiting units of cheap requests go first (sign-in and the board are not
// queued behind a burst of reports); among equally costly ones the oldest
// request first (see `next`). The cost of a request comes with each unit from
// the main thread (what that route has cost lately, or what this request has
// used so far if more).
// A unit that has not started can be cancelled; a started one runs to its end.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const port = parentPort;
if (!port) throw new Error("pglite-worker.mjs must run in a worker thread");

/** @type {PGlite} */
let pg;
/** Waiting units: { id, unit, seq, run: () => Promise<unknown> } */
const queue = [];
/** Open transactions by id: { tx, commit(), rollback(e), endId } */
const txs = new Map();
let seq = 0;
let busy = false;
let closed = false;

/**
 * After a unit of a request, the database is held for that request a moment
 * (HOLD_MS) against newer requests that are not cheaper: its next unit is
 * asked from the main thread only once this one's answer got there, and
 * without the hold every newer report's unit ran in between — ten reports
 * ended together instead of one after another. Only costly requests are held
 * for (expected cost class ≥ HOLD_MIN_LEVEL, ≥ 63 ms: a sign-in's gap while it
 * hashes a password must not idle the database), cheaper units are never held
 * back, and the main thread says when a request has ended (`done`), which ends
 * the hold. 100 ms: the main thread's round trip under load (25 ms was too
 * short for a loaded test run).
 */
const HOLD_MS = 100;
const HOLD_MIN_LEVEL = 6;
/** @type {{ unit: number, level: number, until: number } | undefined} */
let hold;
/** @type {(() => void) | undefined} */
let wake;

/** Whether `job` must wait for the request the database is held for. */
function held(job) {
  if (!hold || performance.now() >= hold.until || job.unit === hold.unit) return false;
  return job.level > hold.level || (job.level === hold.level && (job.unit ?? 0) > hold.unit);
}

class Rollback extends Error {}

const ERROR_FIELDS = [
  "code",
  "severity",
  "detail",
  "hint",
  "position",
  "internalPosition",
  "internalQuery",
  "where",
  "schema",
  "table",
  "column",
  "dataType",
  "constraint",
  "routine",
];

function errorData(e) {
  const out = { message: e instanceof Error ? e.message : String(e), name: e?.name ?? "Error" };
  for (const f of ERROR_FIELDS) if (e && e[f] !== undefined) out[f] = e[f];
  return out;
}

function reply(id, result, ms) {
  port.postMessage({ id, ok: true, result, ms });
}

function fail(id, e) {
  port.postMessage({ id, ok: false, error: errorData(e) });
}

/** Query options from the wire: `rawTypes` = types whose text is returned as is (Drizzle's parsers). */
function queryOptions(o) {
  if (!o) return undefined;
  const { rawTypes, ...rest } = o;
  if (rawTypes) rest.parsers = Object.fromEntries(rawTypes.map((t) => [t, (v) => v]));
  return rest;
}

/** Results cross the thread boundary by structured clone (a COPY TO blob included). */
function plain(r) {
  return { rows: r.rows, fields: r.fields, affectedRows: r.affectedRows, blob: r.blob };
}

function enqueue(id, unit, cost, run) {
  if (closed) return fail(id, Object.assign(new Error("The database is closed."), { code: "57P01" }));
  // Cost classes by powers of two of milliseconds: 0–1, 1–3, 3–7, … (1 ms and 1.5 ms are alike).
  const level = Math.floor(Math.log2(1 + Math.max(0, Number(cost) || 0)));
  queue.push({ id, unit, level, seq: seq++, run });
  if (!busy) void drain();
  else wake?.();
}

/**
 * The next unit to run: the cheapest request's (by cost class), then the
 * oldest request's (requests are numbered in arrival order), then the first
 * asked. A burst of reports thus ends one report after another, and a
 * sign-in waits for at most the unit that is running.
 */
function rank(job) {
  return [job.level, job.unit ?? 0, job.seq];
}

function best() {
  let best = 0;
  let bestRank = rank(queue[0]);
  for (let i = 1; i < queue.length; i++) {
    const r = rank(queue[i]);
    if (
      r[0] < bestRank[0] ||
      (r[0] === bestRank[0] && (r[1] < bestRank[1] || (r[1] === bestRank[1] && r[2] < bestRank[2])))
    ) {
      best = i;
      bestRank = r;
    }
  }
  return best;
}

async function drain() {
  busy = true;
  try {
    while (queue.length > 0) {
      // Let messages that arrived meanwhile (new queries, cancellations) in before choosing.
      await new Promise((r) => setImmediate(r));
      if (queue.length === 0) break;
      const i = best();
      if (held(queue[i])) {
        // Until the held request's next unit (or a cheaper one) arrives, it ends, or time is up.
        await new Promise((r) => {
          wake = r;
          setTimeout(r, hold.until - performance.now());
        });
        wake = undefined;
        continue;
      }
      const job = queue.splice(i, 1)[0];
      const t0 = performance.now();
      try {
        const r = await job.run();
        if (r !== NO_REPLY) reply(job.id, r, performance.now() - t0);
      } catch (e) {
        fail(job.id, e);
      }
      hold =
        job.unit === undefined || job.level < HOLD_MIN_LEVEL
          ? undefined
          : { unit: job.unit, level: job.level, until: performance.now() + HOLD_MS };
    }
  } finally {
    busy = false;
  }
}

/** Marks a unit that has replied itself (a transaction replies when it starts). */
const NO_REPLY = Symbol("no reply");

/**
 * Runs a transaction as one unit: replies to `id` once it holds the database,
 * then waits for the main thread's `end` (commit or rollback) and replies to
 * that message. The unit, and with it the database, is held until then.
 */
function runTransaction(id) {
  return new Promise((unitDone) => {
    let began = false;
    const finish = (e) => {
      const t = txs.get(id);
      txs.delete(id);
      if (!began) fail(id, e);
      else if (t?.endId !== undefined) {
        if (e === undefined || e instanceof Rollback) reply(t.endId, null);
        else fail(t.endId, e);
      }
      unitDone(NO_REPLY);
    };
    pg.transaction(
      (tx) =>
        new Promise((commit, rollback) => {
          began = true;
          txs.set(id, { tx, commit, rollback, endId: undefined });
          reply(id, id);
        }),
    ).then(() => finish(undefined), finish);
  });
}

function txOf(id) {
  const t = txs.get(id);
  if (!t) throw Object.assign(new Error(`the transaction ${id} is not open`), { code: "25P01" });
  return t.tx;
}

port.on("message", (m) => {
  switch (m.op) {
    case "query":
    case "exec": {
      const run = () =>
        m.op === "query"
          ? (m.tx ? txOf(m.tx) : pg).query(m.sql, m.params, queryOptions(m.options)).then(plain)
          : (m.tx ? txOf(m.tx) : pg).exec(m.sql, queryOptions(m.options)).then((rs) => rs.map(plain));
      if (m.tx) {
        const t0 = performance.now();
        run().then(
          (r) => reply(m.id, r, performance.now() - t0),
          (e) => fail(m.id, e),
        );
      } else enqueue(m.id, m.unit, m.cost, run);
      break;
    }
    case "begin":
      enqueue(m.id, m.unit, m.cost, () => runTransaction(m.id));
      break;
    case "end": {
      const t = txs.get(m.tx);
      if (!t) return fail(m.id, new Error(`the transaction ${m.tx} is not open`));
      t.endId = m.id;
      if (m.commit) t.commit();
      else t.rollback(new Rollback());
      break;
    }
    case "dump":
      enqueue(m.id, m.unit, 0, async () => {
        const blob = await pg.dumpDataDir(m.compression ?? "none");
        return new Uint8Array(await blob.arrayBuffer());
      });
      break;
    case "done":
      // The request has ended: nothing more of it will come.
      if (hold?.unit === m.unit) {
        hold = undefined;
        wake?.();
      }
      break;
    case "cancel": {
      const i = queue.findIndex((j) => j.id === m.target);
      if (i >= 0) {
        queue.splice(i, 1);
        fail(
          m.target,
          Object.assign(new Error("canceling statement due to user request"), { code: "57014" }),
        );
      }
      break;
    }
    case "close":
      // After everything already queued: a clean shutdown (checkpoint) of PGlite.
      enqueue(m.id, undefined, 0, async () => {
        closed = true;
        await pg.close();
        return null;
      });
      break;
    default:
      fail(m.id, new Error(`unknown operation ${m.op}`));
  }
});

try {
  const { dataDir, loadDataDir } = workerData ?? {};
  pg = dataDir
    ? new PGlite(dataDir)
    : new PGlite(loadDataDir ? { loadDataDir: new Blob([loadDataDir]) } : undefined);
  await pg.waitReady;
  port.postMessage({ ready: true });
} catch (e) {
  port.postMessage({ ready: false, error: errorData(e) });
}
