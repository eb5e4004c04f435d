// How the log lines are shown; kept in Explore's URL so a copied link shows them the same way.
import { DEDUP_STRATEGIES, type DedupStrategy } from './dedup.js';
import type { LogOrder } from './log-rows.js';

export interface LogOptions {
  wrap: boolean;
  order: LogOrder;
  dedup: DedupStrategy;
  prettyJson: boolean;
}

export const DEFAULT_LOG_OPTIONS: LogOptions = { wrap: false, order: 'newest', dedup: 'none', prettyJson: false };

/** Options as a URL held them; anything unknown falls back to the default. */
export function readLogOptions(raw: unknown): LogOptions {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  return {
    wrap: o.wrap === true,
    order: o.order === 'oldest' ? 'oldest' : 'newest',
    dedup: DEDUP_STRATEGIES.find((d) => d === o.dedup) ?? 'none',
    prettyJson: o.prettyJson === true,
  };
}

/** Only what differs from the default, so a plain link stays short. */
export function logOptionsDiff(options: LogOptions): Partial<LogOptions> {
  return Object.fromEntries(Object.entries(options).filter(([k, v]) => DEFAULT_LOG_OPTIONS[k as keyof LogOptions] !== v));
}
