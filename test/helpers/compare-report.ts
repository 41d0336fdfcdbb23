/**
 * Compares a report with an expected JSON document, numbers to 1e-6 relative.
 * Strict both ways: a key of `expected` missing from the report is a
 * difference (even when the expected value is null), and so is a key of the
 * report that the expected document does not have — except the keys named in
 * `allow.extra` (additions the independently computed expected document does
 * not know) and, when the report's value is null, those in `allow.nullWhenAbsent`.
 */
export interface Allowed {
  extra?: readonly string[];
  nullWhenAbsent?: readonly string[];
}

/**
 * What Stepwise's reports add to the sample's expected-reports.json (interfaces.md
 * plus the additions of docs/metrics-decisions.md): report-level asOf/elapsed, the
 * person's name, agreed plans, the plan report's activities, entries, pace and
 * remaining plan; a person without quota has `plan` and `attainment` null where the
 * expected document leaves them out.
 */
export const SAMPLE_ADDITIONS: Allowed = {
  extra: ["asOf", "elapsed", "name", "agreedPlan", "agreed", "activities", "entered", "pace", "remaining"],
  nullWhenAbsent: ["plan", "attainment"],
};

/** The team report without its groups (compared as sets by the tests). */
export const TEAM_ADDITIONS: Allowed = { ...SAMPLE_ADDITIONS, extra: [...SAMPLE_ADDITIONS.extra!, "groups"] };

export function compareReport(
  expected: unknown,
  actual: unknown,
  path = "",
  diffs: string[] = [],
  allow: Allowed = {},
): string[] {
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
      compareReport(e, actual[i], `${path}[${i}]`, diffs, allow);
    });
  } else {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      diffs.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
      return diffs;
    }
    const got = actual as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) {
      if (!Object.hasOwn(got, k)) diffs.push(`${path}.${k}: missing (expected ${JSON.stringify(v)})`);
      else compareReport(v, got[k], `${path}.${k}`, diffs, allow);
    }
    for (const k of Object.keys(got)) {
      if (Object.hasOwn(expected, k) || allow.extra?.includes(k)) continue;
      if (got[k] === null && allow.nullWhenAbsent?.includes(k)) continue;
      diffs.push(`${path}.${k}: not in the expected document (${JSON.stringify(got[k])})`);
    }
  }
  return diffs;
}
