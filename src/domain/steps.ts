/** The Universal Sales Process: 7 fixed steps (keys and numbers never change). */
export const STEP_KEYS = [
  "lead",
  "prospecting",
  "qualification",
  "needs_analysis",
  "presenting",
  "closing",
  "relationship",
] as const;
export type StepKey = (typeof STEP_KEYS)[number];
export type StepNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const STEP_NAMES: Record<StepKey, string> = {
  lead: "Lead management",
  prospecting: "Prospecting",
  qualification: "Qualification",
  needs_analysis: "Needs analysis",
  presenting: "Presenting the solution",
  closing: "Closing",
  relationship: "Relationship management",
};

export const DEFAULT_EXIT_CRITERIA: Record<StepKey, string> = {
  lead: "The salesperson starts trying to reach them",
  prospecting: "A conversation or meeting is agreed",
  qualification: "Judged able and likely to buy",
  needs_analysis: "Needs understood and agreed",
  presenting: "Proposal delivered",
  closing: "Won",
  relationship: "A new deal starts at step 1 or 2",
};

export function stepKey(n: number): StepKey {
  const k = STEP_KEYS[n - 1];
  if (!k) throw new RangeError(`step must be 1..7, got ${n}`);
  return k;
}

export function stepNumber(k: StepKey): StepNumber {
  return (STEP_KEYS.indexOf(k) + 1) as StepNumber;
}

/** Parses a step given as a key (`needs_analysis`) or a number 1–7; undefined when neither. */
export function parseStep(v: string | number): StepNumber | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= 1 && v <= 7 ? (v as StepNumber) : undefined;
  const s = v.trim().toLowerCase();
  if (/^[1-7]$/.test(s)) return Number(s) as StepNumber;
  const i = STEP_KEYS.indexOf(s as StepKey);
  return i >= 0 ? ((i + 1) as StepNumber) : undefined;
}
