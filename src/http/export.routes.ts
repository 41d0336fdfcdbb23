/** The whole-organisation export, one generic-format CSV file per request (admins; docs/export.md). */
import { createRoute, z } from "@hono/zod-openapi";
import { EXPORT_FILES, type ExportFile, exportCsv } from "../services/export.service.js";
import type { Api } from "./api.js";
import { ctxOf } from "./auth.js";
import { ERRORS } from "./records.routes.js";

const FileParam = z.object({
  file: z.enum(EXPORT_FILES).openapi({ param: { name: "file", in: "path" }, example: "deals" }),
});

export function registerExportRoutes(api: Api) {
  api.openapi(
    createRoute({
      method: "get",
      path: "/export/{file}",
      tags: ["export"],
      summary:
        "One file of the whole-organisation export in the generic import format (people, contacts, quotas, deals, deal_steps, activities, time_entries); admins only",
      request: { params: FileParam },
      responses: {
        200: {
          description: "The file as CSV (streamed), importable with `stepwise import --format generic`",
          content: { "text/csv": { schema: z.string() } },
        },
        ...ERRORS,
      },
    }),
    async (c) => {
      const { file } = c.req.valid("param");
      const chunks = await exportCsv(ctxOf(c), file as ExportFile);
      const enc = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        async pull(ctrl) {
          const n = await chunks.next();
          if (n.done) ctrl.close();
          else ctrl.enqueue(enc.encode(n.value));
        },
        async cancel() {
          await chunks.return(undefined);
        },
      });
      return c.body(body, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file}.csv"`,
      });
    },
  );
}
