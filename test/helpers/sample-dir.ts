/**
 * The sample organisation of ../shared/samples/generic-2026Q3 (interfaces.md's
 * generic CSV format with its independently computed expected-reports.json),
 * copied into the repository so that every clone, CI included, runs the checks
 * against it. test/fixtures/samples/README.md says where it comes from.
 */
import { fileURLToPath } from "node:url";

export const SAMPLE_DIR = fileURLToPath(new URL("../fixtures/samples/generic-2026Q3", import.meta.url));
