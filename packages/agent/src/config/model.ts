import type { LogLevel } from '../log.js';
import type { StageConfig } from '../pipeline/stage.js';

/** One set of files to tail: `__path__` (a glob) and `__path_exclude__` among the labels; other "__" labels are dropped. */
export interface FileTarget {
  labels: Record<string, string>;
  /** How often the glob is expanded again to find new files. */
  syncPeriodMs: number;
}

/** loki.source.file / a Promtail scrape config: tails targets and forwards entries. */
export interface SourceConfig {
  id: string;
  targets: FileTarget[];
  tailFromEnd: boolean;
  /** WHATWG encoding label of the files ("utf-8", "utf-16le", "iso-8859-1", ...). */
  encoding: string;
  /** How often an idle file is polled for new data, rotation and truncation. */
  pollMs: number;
  forwardTo: string[];
}

/** loki.process: runs stages, forwards the result. */
export interface ProcessConfig {
  id: string;
  stages: StageConfig[];
  forwardTo: string[];
}

/** One push endpoint with its batching and retry policy. */
export interface EndpointConfig {
  url: string;
  name: string;
  tenantId: string | undefined;
  headers: Record<string, string>;
  /** Value of the Authorization header (basic or bearer), if any. */
  authorization: string | undefined;
  batchWaitMs: number;
  batchSizeBytes: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  /** 0 retries forever. */
  maxRetries: number;
  timeoutMs: number;
  retryOn429: boolean;
  externalLabels: Record<string, string>;
}

/** loki.write / Promtail's clients: every entry goes to every endpoint. */
export interface WriteConfig {
  id: string;
  endpoints: EndpointConfig[];
}

/** The whole agent, whichever language the config file was written in. Receivers are named by component id. */
export interface AgentConfig {
  file: string;
  sources: SourceConfig[];
  processes: ProcessConfig[];
  writes: WriteConfig[];
  positionsFile: string | undefined;
  /** Promtail positions files imported when the agent starts without a positions file (loki.source.file's legacy_positions_file). */
  legacyPositionsFiles: string[];
  positionsSyncMs: number;
  /** HOST:PORT for /metrics and /ready when the config names one (Promtail's server block). */
  listenAddr: string | undefined;
  logLevel: LogLevel | undefined;
  /** Promtail keys of the file the agent accepts but does not use, as dotted paths; reported once at start. */
  ignoredKeys: string[];
}

/** Alloy's loki.write endpoint defaults (also Promtail's client defaults). */
export const ENDPOINT_DEFAULTS = {
  batchWaitMs: 1000,
  batchSizeBytes: 1024 * 1024,
  minBackoffMs: 500,
  maxBackoffMs: 5 * 60_000,
  maxRetries: 10,
  timeoutMs: 10_000,
} as const;

export const DEFAULT_SYNC_PERIOD_MS = 10_000;
export const DEFAULT_POLL_MS = 250;
