// The evaluation times of a query: one instant, or start, start+step, … ≤ end (nanoseconds).
import { QueryError } from './errors.js';

export interface StepGrid {
  readonly startNs: bigint;
  readonly endNs: bigint;
  /** 0 for an instant query. */
  readonly stepNs: bigint;
  readonly count: number;
}

export function instantGrid(timeNs: bigint): StepGrid {
  return { startNs: timeNs, endNs: timeNs, stepNs: 0n, count: 1 };
}

export function rangeGrid(startNs: bigint, endNs: bigint, stepNs: bigint): StepGrid {
  if (stepNs <= 0n) {
    throw new QueryError('zero or negative query resolution step widths are not accepted. Try a positive integer', 400);
  }
  if (endNs < startNs) throw new QueryError('end timestamp must not be before or equal to start time', 400);
  return { startNs, endNs, stepNs, count: Number((endNs - startNs) / stepNs) + 1 };
}

export function stepTimeNs(grid: StepGrid, step: number): bigint {
  return grid.startNs + BigInt(step) * grid.stepNs;
}

/** Unix ns → ms, truncated toward zero like Go's integer division. */
export function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n);
}

/**
 * The query frontend's step alignment of metric range queries: start rounded down and end
 * rounded up to a multiple of step (Unix-epoch based, Go's truncating remainder).
 */
export function alignStep(startNs: bigint, endNs: bigint, stepNs: bigint): { startNs: bigint; endNs: bigint } {
  if (stepNs <= 0n) return { startNs, endNs };
  const mod = endNs % stepNs;
  return { startNs: startNs - (startNs % stepNs), endNs: mod === 0n ? endNs : endNs + stepNs - mod };
}
