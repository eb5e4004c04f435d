import { parseBytes } from './bytes.js';
import { parseDuration } from './duration.js';
import { ConfigError, knownNames, type SourcePos } from './error.js';

/**
 * The attributes of one block (Alloy) or mapping (Promtail), read with type checks. Both config
 * languages feed the same component and stage builders through this, so a stage's arguments are
 * validated once, and errors point at the attribute (file:line:col) when the language knows it.
 */
export class Args {
  readonly what: string;
  readonly where: SourcePos | undefined;
  readonly #values: Readonly<Record<string, unknown>>;
  readonly #pos: Readonly<Record<string, SourcePos>>;

  constructor(what: string, values: Readonly<Record<string, unknown>>, where?: SourcePos, pos: Readonly<Record<string, SourcePos>> = {}) {
    this.what = what;
    this.#values = values;
    this.where = where;
    this.#pos = pos;
  }

  /** Rejects attributes the block does not define (typos must not be silently ignored). */
  allow(names: readonly string[]): this {
    for (const k of Object.keys(this.#values)) {
      if (!names.includes(k)) throw this.error(k, `unrecognized attribute "${k}" in ${this.what}; ${knownNames(k, names)}`);
    }
    return this;
  }

  has(name: string): boolean {
    return this.#values[name] !== undefined && this.#values[name] !== null;
  }

  error(name: string, message: string): ConfigError {
    return new ConfigError(message, this.#pos[name] ?? this.where);
  }

  raw(name: string): unknown {
    return this.#values[name];
  }

  string(name: string): string | undefined;
  string(name: string, def: string): string;
  string(name: string, def?: string): string | undefined {
    const v = this.#values[name];
    if (v === undefined || v === null) return def;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') throw this.error(name, `${this.what}: "${name}" must be a string`);
    return v;
  }

  requireString(name: string): string {
    const v = this.string(name);
    if (v === undefined || v === '') throw this.error(name, `${this.what}: missing required attribute "${name}"`);
    return v;
  }

  bool(name: string, def: boolean): boolean {
    const v = this.#values[name];
    if (v === undefined || v === null) return def;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw this.error(name, `${this.what}: "${name}" must be a bool`);
  }

  number(name: string, def: number): number {
    const v = this.#values[name];
    if (v === undefined || v === null) return def;
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw this.error(name, `${this.what}: "${name}" must be a number`);
    return n;
  }

  /** A duration in milliseconds. */
  duration(name: string, defMs: number): number {
    const v = this.#values[name];
    if (v === undefined || v === null) return defMs;
    const ms = typeof v === 'string' ? parseDuration(v) : undefined;
    if (ms === undefined) throw this.error(name, `${this.what}: "${name}" must be a duration such as "5s" or "500ms", got ${JSON.stringify(v)}`);
    return ms;
  }

  bytes(name: string, def: number): number {
    const v = this.#values[name];
    if (v === undefined || v === null) return def;
    const n = typeof v === 'string' || typeof v === 'number' ? parseBytes(v) : undefined;
    if (n === undefined) throw this.error(name, `${this.what}: "${name}" must be a byte size such as "1MiB", got ${JSON.stringify(v)}`);
    return n;
  }

  /** A map of strings; a null or missing value becomes "" (Promtail's `level:` means "same name"). */
  map(name: string): Record<string, string> | undefined {
    const v = this.#values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw this.error(name, `${this.what}: "${name}" must be a map of strings`);
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || x === undefined) out[k] = '';
      else if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
      else throw this.error(name, `${this.what}: "${name}.${k}" must be a string`);
    }
    return out;
  }

  /** A list of strings; a single string counts as a list of one. */
  list(name: string): string[] | undefined {
    const v = this.#values[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return [v];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw this.error(name, `${this.what}: "${name}" must be a list of strings`);
    return v as string[];
  }
}
