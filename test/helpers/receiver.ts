/** A real HTTP webhook receiver on loopback (port 0) that records every request with its raw body. */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

export interface Receiver {
  url: string;
  got: Received[];
  close(): Promise<void>;
}

/** `answer(n)` gives the status for the n-th request (1-based); `delayMs` holds each answer back. */
export async function startReceiver(
  answer: (n: number) => number = () => 200,
  delayMs = 0,
): Promise<Receiver> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      got.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      const status = answer(got.length);
      setTimeout(() => {
        res.statusCode = status;
        res.end("ok");
      }, delayMs);
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** Recomputes the signature as a receiver would (docs/webhooks.md); returns the signed time. */
export function verifySignature(secret: string, r: Received): number {
  const header = String(r.headers["stepwise-signature"]);
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) throw new Error(`malformed Stepwise-Signature: ${header}`);
  const expected = createHmac("sha256", secret).update(`${m[1]}.${r.raw}`).digest("hex");
  if (expected !== m[2]) throw new Error("signature mismatch");
  return Number(m[1]);
}
