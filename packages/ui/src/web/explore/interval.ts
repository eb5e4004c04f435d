// Grafana's step for a graph: the range over the graph's width in pixels, rounded to a readable interval
// (Grafana's roundInterval table), never finer than the range over 11,000 points (Loki's limit) nor under 1 s.

const ROUNDING: ReadonlyArray<[upToMs: number, stepMs: number]> = [
  [1500, 1000], [3500, 2000], [7500, 5000], [12500, 10_000], [17500, 15_000], [25_000, 20_000], [45_000, 30_000],
  [90_000, 60_000], [210_000, 120_000], [450_000, 300_000], [750_000, 600_000], [1_050_000, 900_000], [1_500_000, 1_200_000],
  [2_700_000, 1_800_000], [5_400_000, 3_600_000], [9_000_000, 7_200_000], [16_200_000, 10_800_000], [32_400_000, 21_600_000],
  [86_400_000, 43_200_000], [604_800_000, 86_400_000], [1_814_400_000, 604_800_000],
];

export function roundInterval(ms: number): number {
  for (const [upTo, step] of ROUNDING) if (ms <= upTo) return step;
  return 2_592_000_000;
}

/** The step in seconds for a range drawn `widthPx` wide. */
export function stepSeconds(rangeMs: number, widthPx: number): number {
  const byWidth = roundInterval(rangeMs / Math.max(widthPx, 1));
  const byLokiLimit = Math.ceil(rangeMs / 11_000 / 1000) * 1000;
  return Math.max(byWidth, byLokiLimit, 1000) / 1000;
}
