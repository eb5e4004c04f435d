// Silences with Alertmanager's meaning: matchers over an alert's labels and a time range; an alert
// matched by a silence active at flush time is not notified. Expiring one sets its end to now; expired
// ones are kept (listed as expired) for five days, as Alertmanager's default retention. Saved to a JSON
// file under the data directory after every change, and read at start.
import { randomUUID } from 'node:crypto';
import { readStateFile, writeStateFile } from './json-state-file.js';
import { makeMatcher, matchesAll, type Matcher } from './matchers.js';

export interface SilenceMatcher { name: string; value: string; isRegex: boolean; isEqual: boolean }

export interface Silence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  updatedAt: string;
  createdBy: string;
  comment: string;
}

export type SilenceState = 'active' | 'pending' | 'expired';

export class SilenceError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const RETENTION_MS = 5 * 24 * 3_600_000;

export const toMatcher = (m: SilenceMatcher): Matcher => makeMatcher(m.name, m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=', m.value);

export function silenceState(s: Silence, nowMs: number): SilenceState {
  if (Date.parse(s.endsAt) <= nowMs) return 'expired';
  return Date.parse(s.startsAt) > nowMs ? 'pending' : 'active';
}

export class Silences {
  readonly #path: string;
  readonly #byId = new Map<string, { silence: Silence; matchers: Matcher[] }>();

  constructor(path: string) {
    this.#path = path;
    for (const s of readStateFile<Silence[]>(path, 'silences') ?? []) this.#byId.set(s.id, { silence: s, matchers: s.matchers.map(toMatcher) });
  }

  list(nowMs: number): Silence[] {
    for (const [id, { silence }] of this.#byId) if (Date.parse(silence.endsAt) + RETENTION_MS < nowMs) this.#byId.delete(id);
    return [...this.#byId.values()].map((e) => e.silence);
  }

  get(id: string): Silence | undefined {
    return this.#byId.get(id)?.silence;
  }

  /** Creates it, or replaces the silence of the same id (which must exist); returns its id. */
  upsert(input: Omit<Silence, 'id' | 'updatedAt'> & { id?: string }, nowMs: number): string {
    if (input.id && !this.#byId.has(input.id)) throw new SilenceError(404, 'silence not found');
    if (input.matchers.length === 0) throw new SilenceError(400, 'silence invalid: at least one matcher required');
    let matchers: Matcher[];
    try {
      matchers = input.matchers.map(toMatcher);
    } catch (e) {
      throw new SilenceError(400, `silence invalid: ${(e as Error).message}`);
    }
    if (matchesAll(matchers, {})) throw new SilenceError(400, 'silence invalid: at least one matcher must not match the empty string');
    const start = Date.parse(input.startsAt);
    const end = Date.parse(input.endsAt);
    if (Number.isNaN(start) || Number.isNaN(end)) throw new SilenceError(400, 'silence invalid: startsAt and endsAt must be RFC 3339 times');
    if (end < start) throw new SilenceError(400, 'Failed to create silence: start time must be before end time');
    if (end < nowMs) throw new SilenceError(400, "Failed to create silence: end time can't be in the past");
    const id = input.id || randomUUID();
    const silence: Silence = {
      id, matchers: input.matchers, startsAt: new Date(Math.max(start, nowMs)).toISOString(), endsAt: new Date(end).toISOString(),
      updatedAt: new Date(nowMs).toISOString(), createdBy: input.createdBy, comment: input.comment,
    };
    this.#byId.set(id, { silence, matchers });
    this.#save();
    return id;
  }

  /** Ends it now; an expired one cannot be expired again. */
  expire(id: string, nowMs: number): void {
    const e = this.#byId.get(id);
    if (!e) throw new SilenceError(404, 'silence not found');
    if (silenceState(e.silence, nowMs) === 'expired') throw new SilenceError(500, `silence ${id} already expired`);
    const now = new Date(nowMs).toISOString();
    e.silence = { ...e.silence, startsAt: Date.parse(e.silence.startsAt) > nowMs ? now : e.silence.startsAt, endsAt: now, updatedAt: now };
    this.#save();
  }

  isSilenced(labels: Readonly<Record<string, string>>, nowMs: number): boolean {
    for (const { silence, matchers } of this.#byId.values()) if (silenceState(silence, nowMs) === 'active' && matchesAll(matchers, labels)) return true;
    return false;
  }

  #save(): void {
    writeStateFile(this.#path, [...this.#byId.values()].map((e) => e.silence));
  }
}
