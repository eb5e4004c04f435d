// What each integration was last told about each group (Alertmanager's notification log): which alerts were
// firing and resolved, and when. The dispatcher sends only what changed since, or a repeat after
// repeat_interval; kept in a file so that a restart, which hands the still-firing alerts over again, does not
// send them again. Entries are kept five days after their last message, as Alertmanager's retention.
import { readStateFile, writeStateFile } from './json-state-file.js';

export interface SentState {
  firing: ReadonlySet<string>;
  resolved: ReadonlySet<string>;
  atMs: number;
}

interface SavedEntry { key: string; firing: string[]; resolved: string[]; atMs: number }

const RETENTION_MS = 5 * 24 * 3_600_000;

export class NotificationLog {
  readonly #path: string | undefined;
  readonly #entries = new Map<string, SentState>();

  /** Without a path the log lives in memory only. */
  constructor(path?: string) {
    this.#path = path;
    if (!path) return;
    for (const e of readStateFile<SavedEntry[]>(path, 'notification log') ?? []) {
      this.#entries.set(e.key, { firing: new Set(e.firing), resolved: new Set(e.resolved), atMs: e.atMs });
    }
  }

  get(key: string): SentState | undefined {
    return this.#entries.get(key);
  }

  /** Records the messages of one flush at once (one write for all its integrations). */
  record(sent: ReadonlyArray<[key: string, state: SentState]>): void {
    if (sent.length === 0) return;
    for (const [key, state] of sent) this.#entries.set(key, state);
    const oldest = sent[0]![1].atMs - RETENTION_MS;
    for (const [key, state] of this.#entries) if (state.atMs < oldest) this.#entries.delete(key);
    if (!this.#path) return;
    const saved: SavedEntry[] = [...this.#entries].map(([key, s]) => ({ key, firing: [...s.firing], resolved: [...s.resolved], atMs: s.atMs }));
    writeStateFile(this.#path, saved);
  }
}
