/**
 * The import wizard's API (admins): `POST /imports/preview` and `POST /imports`
 * take a multipart form — `files` (repeated), `format`, `dryRun`, `mapping`
 * (JSON) — and always work on the caller's own organisation.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import * as C from "../contract/index.js";
import type { DbHandle } from "../db/client.js";
import { AppError } from "../domain/errors.js";
import { requireRole } from "../services/context.js";
import { previewImport, runImport, UPLOAD_LIMITS, type Upload } from "../services/import/upload.js";
import { IMPORT_FORMATS, ImportValidationError } from "../services/import.service.js";
import { type Api, type Env, errorResponse } from "./api.js";
import { ctxOf } from "./auth.js";
import { json } from "./openapi.js";
import { ERRORS } from "./records.routes.js";

const Form = z.object({
  // Checked by the handler (a File or several); described here for the OpenAPI document.
  files: z.any().openapi({
    type: "array",
    items: { type: "string", format: "binary" },
    description: "The CSV files; the file name says what each holds (deals.csv, …). Repeat the field.",
  }),
  format: z.enum(IMPORT_FORMATS),
  dryRun: z.enum(["true", "false"]).optional().openapi({ description: "Check everything, write nothing" }),
  mapping: z
    .string()
    .max(1_000_000)
    .optional()
    .openapi({ description: "JSON: the mapping from the preview (vendor formats only), as edited" }),
});
const form = { content: { "multipart/form-data": { schema: Form } }, required: true };

// Named in the OpenAPI document by their ids (src/contract).
const { ImportPreview: Preview, ImportResult: Result } = C;

// Only an admin's upload is read at all; the limit is read per request, so a test
// (or an operator's patch) can change UPLOAD_LIMITS.
const tooLarge: MiddlewareHandler<Env> = (c, next) => {
  requireRole(ctxOf(c).actor, "admin");
  return bodyLimit({
    maxSize: UPLOAD_LIMITS.maxBytes,
    onError: () => {
      const max = UPLOAD_LIMITS.maxBytes;
      const size =
        max >= 1024 * 1024 ? `${Math.round(max / 1024 / 1024)} MB` : `${Math.round(max / 1024)} KB`;
      throw new AppError(
        "payload_too_large",
        `The upload is larger than ${size}. Import bigger files with the command line: stepwise import FILES --format generic.`,
      );
    },
  })(c, next);
};

async function uploads(files: unknown): Promise<Upload[]> {
  const list = files === undefined ? [] : Array.isArray(files) ? files : [files];
  return Promise.all(
    list.map(async (f, i) => {
      if (!(f instanceof File)) {
        throw new AppError("validation_failed", "files must be uploaded files, not text.", [
          { path: `files.${i}`, message: "not a file" },
        ]);
      }
      return { name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) };
    }),
  );
}

function mappingOf(raw: string | undefined): object | undefined {
  if (raw === undefined || raw === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("validation_failed", "mapping must be a JSON object.", [
      { path: "mapping", message: "must be a JSON object" },
    ]);
  }
  return value;
}

export function registerImportRoutes(api: Api, handle: DbHandle | undefined) {
  api.openapi(
    createRoute({
      method: "post",
      path: "/imports/preview",
      tags: ["imports"],
      summary: "What uploaded CSV files hold: kind, rows, columns, first rows, and the mapping to confirm",
      middleware: [tooLarge] as const,
      request: { body: form },
      responses: { 200: json(Preview, "The preview"), ...ERRORS },
    }),
    async (c) => {
      const f = c.req.valid("form");
      const preview = await previewImport(ctxOf(c), handle, {
        uploads: await uploads(f.files),
        format: f.format,
        mapping: mappingOf(f.mapping),
      });
      return c.json(preview, 200);
    },
  );
  api.openapi(
    createRoute({
      method: "post",
      path: "/imports",
      tags: ["imports"],
      summary:
        "Import CSV files into your organisation, all or nothing (dryRun: check and count, write nothing). " +
        "Problems: 400 with error.issues [{file, line, column, value, reason}]",
      middleware: [tooLarge] as const,
      request: { body: form },
      responses: { 200: json(Result, "What was (or, in a dry run, would be) imported"), ...ERRORS },
    }),
    async (c) => {
      const ctx = ctxOf(c);
      const f = c.req.valid("form");
      if (!handle) throw new AppError("internal", "Imports are not available on this server.");
      try {
        const result = await runImport(ctx, handle, {
          uploads: await uploads(f.files),
          format: f.format,
          dryRun: f.dryRun === "true",
          mapping: mappingOf(f.mapping),
        });
        return c.json(result, 200);
      } catch (e) {
        if (!(e instanceof ImportValidationError)) throw e;
        // The standard error body, plus every problem as the import reports it.
        const res = errorResponse(c, e);
        const body = await res.json();
        return c.json({ error: { ...body.error, issues: e.issues, more: e.more } }, 400);
      }
    },
  );
}
