/** Per-organisation settings and their defaults (metrics.md). */
export interface OrgSettings {
  rateWindowDays: number;
  priorWeight: number;
  /** Default conversion rates for steps 1..6. */
  defaultRates: [number, number, number, number, number, number];
  defaultDealSize: number;
  effortThreshold: number;
  resultsThreshold: number;
  minTrials: number;
  managingShareTarget: number;
  reviewCadenceDays: number;
  usageTarget: number;
}

export const DEFAULT_SETTINGS: OrgSettings = {
  rateWindowDays: 365,
  priorWeight: 5,
  defaultRates: [0.9, 0.3, 0.6, 0.7, 0.6, 0.5],
  defaultDealSize: 10_000,
  effortThreshold: 0.9,
  resultsThreshold: 1.0,
  minTrials: 8,
  managingShareTarget: 0.75,
  reviewCadenceDays: 7,
  usageTarget: 0.9,
};

export function resolveSettings(stored: unknown): OrgSettings {
  const s = (stored && typeof stored === "object" ? stored : {}) as Partial<OrgSettings>;
  return { ...DEFAULT_SETTINGS, ...s };
}
