/**
 * File paths given on the command line are the user's: relative to the
 * directory they ran the command in. `npm run cli -- …` runs in the project
 * root, so there the directory npm was started in (INIT_CWD) is used instead.
 */
import { resolve } from "node:path";

export function userPath(p: string): string {
  const base = process.env.npm_lifecycle_event && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();
  return resolve(base, p);
}
