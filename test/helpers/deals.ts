/** Test builders for domain facts (deals with step rows). */
import type { DealFacts, DealStatus } from "../../src/domain/stepflow.js";
import type { StepNumber } from "../../src/domain/steps.js";

/** 2026-01-<day> 00:00 UTC (day may exceed 31: it rolls over). */
export function jan(day: number, hour = 0): Date {
  return new Date(Date.UTC(2026, 0, day, hour));
}

let seq = 0;

/** A deal with step rows given as `[step, date]` pairs. */
export function deal(
  steps: [number, Date][],
  opts: Partial<Omit<DealFacts, "steps">> & { status?: DealStatus } = {},
): DealFacts {
  seq++;
  return {
    id: opts.id ?? `d${seq}`,
    ownerId: opts.ownerId ?? "p1",
    value: opts.value ?? 1000,
    createdAt: opts.createdAt ?? steps[0]?.[1] ?? jan(1),
    expectedClose: opts.expectedClose ?? null,
    status: opts.status ?? "open",
    closedAt: opts.closedAt ?? null,
    steps: steps.map(([step, enteredAt]) => ({ step: step as StepNumber, enteredAt })),
  };
}
