/** Compares a report with an expected JSON document: every leaf of `expected`, numbers to 1e-6 relative. */
export function compareReport(expected: unknown, actual: unknown, path = "", diffs: string[] = []): string[] {
  if (typeof expected === "number") {
    const ok =
      typeof actual === "number" &&
      Math.abs(actual - expected) <= 1e-6 * Math.max(Math.abs(expected), Math.abs(actual), 1e-12);
    if (!ok) diffs.push(`${path}: expected ${expected}, got ${JSON.stringify(actual)}`);
  } else if (expected === null || typeof expected !== "object") {
    if (actual !== expected)
      diffs.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      diffs.push(`${path}: expected ${expected.length} items, got ${JSON.stringify(actual)}`);
      return diffs;
    }
    expected.forEach((e, i) => {
      compareReport(e, actual[i], `${path}[${i}]`, diffs);
    });
  } else {
    if (actual === null || typeof actual !== "object") {
      diffs.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return diffs;
    }
    for (const [k, v] of Object.entries(expected)) {
      compareReport(v, (actual as Record<string, unknown>)[k], `${path}.${k}`, diffs);
    }
  }
  return diffs;
}
