/**
 * The control socket of a running `stepwise serve` on the embedded database:
 * a Unix socket beside the data directory (mode 0600: only the user who runs
 * the server can use it) through which `stepwise backup` asks the server for a
 * dump, since the data directory is locked to the server. It answers one
 * request, `POST /backup`, with the backup file's bytes.
 */
import { createHash } from "node:crypto";
import { chmodSync, rmSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { DbHandle } from "../db/client.js";

/** Beside the data directory when the path fits a socket address (~100 bytes), else in the temp folder. */
export function controlSocketPath(dataDir: string): string {
  const beside = join(resolve(dataDir), "stepwise.sock");
  if (Buffer.byteLength(beside) < 100) return beside;
  return join(
    tmpdir(),
    `stepwise-${createHash("sha256").update(resolve(dataDir)).digest("hex").slice(0, 16)}.sock`,
  );
}

export async function startControlSocket(handle: DbHandle, dataDir: string): Promise<() => Promise<void>> {
  const { dumpDatabase } = await import("../services/operations.service.js");
  const path = controlSocketPath(dataDir);
  const server = createServer((req, res) => {
    if (req.method !== "POST" || req.url !== "/backup") {
      res.writeHead(404).end();
      return;
    }
    dumpDatabase(handle)
      .then(async (blob) => {
        const bytes = Buffer.from(await blob.arrayBuffer());
        res.writeHead(200, { "content-type": "application/gzip", "content-length": bytes.length });
        res.end(bytes);
      })
      .catch((e: Error) => {
        res.writeHead(500, { "content-type": "text/plain" }).end(e.message);
      });
  });
  // We hold the data-dir lock, so a socket file there is a dead server's.
  rmSync(path, { force: true });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(path, () => ok());
  });
  chmodSync(path, 0o600);
  return () =>
    new Promise<void>((ok) => {
      server.close(() => ok());
      rmSync(path, { force: true });
    });
}

/** Asks the server holding `dataDir` for a backup; its bytes. */
export function requestBackup(dataDir: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((ok, fail) => {
    const req = httpRequest(
      { socketPath: controlSocketPath(dataDir), path: "/backup", method: "POST" },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const body = Buffer.concat(chunks);
          if (res.statusCode === 200) ok(new Uint8Array(body));
          else fail(new Error(`the server answered ${res.statusCode}: ${body.toString().slice(0, 200)}`));
        });
        res.on("error", fail);
      },
    );
    req.on("error", fail);
    req.end();
  });
}
