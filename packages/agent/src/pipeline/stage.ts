import type { Args } from '../config/args.js';
import type { Emit, Entry } from './entry.js';

/** A running stage. `push` is called synchronously by the stage before it; the stage calls its `next` zero or more times. */
export interface Stage {
  push(e: Entry): void;
  /** Emits anything held back (multiline blocks); called on shutdown. */
  flush?(): void;
  /** Stops timers. */
  stop?(): void;
}

export type StageFactory = (next: Emit) => Stage;

/** One stage as written in a config, before it is checked. `stages` holds nested stages (stage.match). */
export interface StageConfig {
  type: string;
  args: Args;
  stages?: StageConfig[];
}

/** What a stage needs from its pipeline. */
export interface StageContext {
  /** Drops an entry on purpose: counts it under `reason` and acknowledges it. */
  drop(e: Entry, reason: string): void;
  /** Checks and builds nested stages (for stage.match). */
  buildNested(configs: readonly StageConfig[]): StageFactory;
}

/**
 * A stage type: `build` checks the arguments (throwing ConfigError before anything runs) and returns
 * a factory that wires the running stage to the next one.
 */
export interface StageDef {
  /** Alloy block name without the "stage." prefix; Promtail uses the same key unless `promtail` says otherwise. */
  name: string;
  promtail?: string;
  attrs: readonly string[];
  build(args: Args, ctx: StageContext, nested: readonly StageConfig[]): StageFactory;
}
