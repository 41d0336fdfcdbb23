#!/usr/bin/env node
/**
 * `stepwise` — the command line. Each command lives in its own file and calls
 * the same services as the HTTP API. Exit codes: 0 ok, 1 user error (one line on
 * stderr naming the problem), 2 bad usage.
 */
import { Command, CommanderError } from "commander";
import { AppError } from "../domain/errors.js";
import { registerBackup } from "./backup.js";
import { registerDemo } from "./demo.js";
import { registerExport } from "./export.js";
import { registerImport } from "./import.js";
import { registerMigrate } from "./migrate.js";
import { registerOrg } from "./org.js";
import { registerReport } from "./report.js";
import { registerRestore } from "./restore.js";
import { registerServe } from "./serve.js";
import { registerUser } from "./user.js";

export function buildProgram(): Command {
  const program = new Command("stepwise")
    .description("Stepwise — hold salespeople accountable to the steps, not only the number")
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s) });
  registerMigrate(program);
  registerServe(program);
  registerUser(program);
  registerOrg(program);
  registerDemo(program);
  registerImport(program);
  registerExport(program);
  registerReport(program);
  registerBackup(program);
  registerRestore(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0)
        return 0;
      return 2;
    }
    if (e instanceof AppError) {
      process.stderr.write(`stepwise: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`stepwise: unexpected error: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] && /cli[\\/]main\.(ts|js)$/.test(process.argv[1]);
if (isEntry) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
