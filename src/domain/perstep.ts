/**
 * Values per funnel step 1..6 (step 7, relationship, has no conversion rate).
 * Domain code keys by step number; reports convert to step keys (`lead` … `closing`).
 */
import { type StepKey, stepKey } from "./steps.js";

export type FunnelStep = 1 | 2 | 3 | 4 | 5 | 6;
export const FUNNEL_STEPS: readonly FunnelStep[] = [1, 2, 3, 4, 5, 6];

export type PerStep<T> = Record<FunnelStep, T>;

/** Builds a PerStep by calling `f` for steps 1..6. */
export function perStep<T>(f: (s: FunnelStep) => T): PerStep<T> {
  return { 1: f(1), 2: f(2), 3: f(3), 4: f(4), 5: f(5), 6: f(6) };
}

/** `{lead: v1, …, closing: v6}`; entries whose value is `undefined` are left out. */
export function byStepKey<T>(v: PerStep<T | undefined>): Partial<Record<StepKey, T>> {
  const out: Partial<Record<StepKey, T>> = {};
  for (const s of FUNNEL_STEPS) {
    const x = v[s];
    if (x !== undefined) out[stepKey(s)] = x;
  }
  return out;
}

/** `ceil` that ignores floating-point noise: 6 / 0.6 = 10.000000000000002 → 10. */
export function ceilTol(x: number): number {
  const r = Math.round(x);
  if (Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x))) return r;
  return Math.ceil(x);
}
