/**
 * Where webhooks may go. Targets on loopback, private, link-local, unique-local,
 * unspecified and other non-public addresses are refused unless allowed by
 * STEPWISE_WEBHOOK_ALLOW (addresses or CIDR ranges, for intranet receivers).
 *
 * The check that matters runs at connect time: the HTTP request resolves the
 * host through `guardedLookup`, which refuses any resolved address outside the
 * rules, so a name that resolves (or re-resolves) to 127.0.0.1 is caught.
 * Address literals, which never reach a lookup, are checked before connecting.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { inNetworks, type Network, nonPublicRange, parseAddress, parseNetworks } from "./networks.js";

export const WEBHOOK_ALLOW_ENV = "STEPWISE_WEBHOOK_ALLOW";

export const webhookAllowFromEnv = (env = process.env): Network[] =>
  parseNetworks(env[WEBHOOK_ALLOW_ENV], WEBHOOK_ALLOW_ENV);

/** Why `address` may not be a target (undefined: it may). */
export function refusedAddress(address: string, allow: Network[]): string | undefined {
  const a = parseAddress(address);
  if (!a) return `not an IP address: ${address}`;
  const range = nonPublicRange(a);
  if (!range || inNetworks(a, allow)) return undefined;
  return `${a.toString()} is a ${range} address (allow it with ${WEBHOOK_ALLOW_ENV})`;
}

const isLocalName = (host: string) => /^(localhost|localhost\.localdomain)\.?$|\.localhost\.?$/i.test(host);

/**
 * What is wrong with a target URL as written (an address literal or a local
 * name); names are checked again, resolved, at connect time.
 */
export function urlProblem(url: string, allow: Network[]): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "not a URL";
  }
  if (isLocalName(u.hostname)) {
    return inNetworks(parseAddress("127.0.0.1")!, allow)
      ? undefined
      : `${u.hostname} is this machine (allow 127.0.0.1 with ${WEBHOOK_ALLOW_ENV})`;
  }
  return parseAddress(u.hostname) ? refusedAddress(u.hostname, allow) : undefined;
}

/** A DNS lookup that fails when any address the name resolves to is refused. */
export function guardedLookup(allow: Network[]): LookupFunction {
  // Node calls it as (hostname, options, callback) or (hostname, callback).
  type Callback = (
    err: NodeJS.ErrnoException | null,
    address?: string | LookupAddress[],
    family?: number,
  ) => void;
  return ((hostname: string, options: LookupOptions | Callback, callback?: Callback) => {
    const cb = (typeof options === "function" ? options : callback) as Callback;
    const opts: LookupOptions = typeof options === "function" ? {} : { ...options };
    dnsLookup(hostname, { ...opts, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return cb(err);
      for (const a of addresses) {
        const why = refusedAddress(a.address, allow);
        if (why) {
          const e = Object.assign(new Error(`refused: ${hostname} resolves to ${why}`), {
            code: "EREFUSED_TARGET",
          });
          return cb(e);
        }
      }
      if (opts.all) return cb(null, addresses);
      return cb(null, addresses[0].address, addresses[0].family);
    });
  }) as LookupFunction;
}

export interface PostResult {
  status: number;
}

/**
 * POSTs `body` to `url` with the target rules applied at connect time; no
 * redirects are followed, the response body is read and dropped.
 */
export function postGuarded(
  url: string,
  headers: Record<string, string>,
  body: string,
  opts: { timeoutMs: number; allow: Network[] },
): Promise<PostResult> {
  return new Promise((ok, fail) => {
    const u = new URL(url);
    // An address literal is never looked up: check it here. Names (localhost
    // included) are checked by the lookup, on what they resolve to now.
    const problem = parseAddress(u.hostname) ? refusedAddress(u.hostname, opts.allow) : undefined;
    if (problem) return fail(new Error(`refused: ${problem}`));
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.request(
      u,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup(opts.allow),
        agent: false, // a fresh connection per delivery: no socket reused across lookups
        signal: AbortSignal.timeout(opts.timeoutMs),
      },
      (res) => {
        res.on("data", () => undefined);
        res.on("end", () => ok({ status: res.statusCode ?? 0 }));
        res.on("error", fail);
      },
    );
    req.on("error", fail);
    req.end(body);
  });
}
