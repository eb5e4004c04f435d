// Loki's runtime configuration (runtime_config.file): per-tenant limits_config overrides, reread every
// runtime_config.period, so a tenant's retention or query limits change without a restart:
//   overrides:
//     tenant-a: { retention_period: 168h, retention_stream: [{ selector: '{env="dev"}', priority: 1, period: 24h }] }
// A file that cannot be read or checked at start stops the start (as a wrong config file does); later, the
// last good overrides stay in force and the error is logged once per change of the file.
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { ConfigError, overrideLimits, type Limits } from './config.js';

export class RuntimeOverrides {
  readonly #file: string;
  readonly #base: Limits;
  readonly #log: (line: string) => void;
  #byTenant = new Map<string, Limits>();
  #lastText: string | undefined;
  #timer: NodeJS.Timeout | undefined;

  /** `file` '' means no runtime config: every tenant has `base`. Throws ConfigError for a bad file. */
  constructor(file: string, base: Limits, log: (line: string) => void) {
    this.#file = file;
    this.#base = base;
    this.#log = log;
    if (file !== '') this.#apply(this.#read());
  }

  /** The tenant's limits: its overrides over limits_config. */
  limits(tenant: string): Limits {
    return this.#byTenant.get(tenant) ?? this.#base;
  }

  /** Rereads the file every `periodMs` (Loki's runtime_config.period). */
  start(periodMs: number): void {
    if (this.#file === '') return;
    this.#timer = setInterval(() => this.reload(), periodMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
  }

  /** Rereads the file now; a bad one is logged and the overrides in force stay. Returns whether it changed them. */
  reload(): boolean {
    let text: string;
    try {
      text = this.#read();
    } catch (e) {
      this.#fail((e as Error).message, (e as Error).message);
      return false;
    }
    if (text === this.#lastText) return false;
    try {
      this.#apply(text);
    } catch (e) {
      this.#fail(text, (e as Error).message);
      return false;
    }
    this.#log(`level=info msg="runtime config reloaded" file=${JSON.stringify(this.#file)} tenants=${this.#byTenant.size}`);
    return true;
  }

  #failedOn: string | undefined;

  #fail(what: string, message: string): void {
    if (what === this.#failedOn) return; // once per bad content, not every period
    this.#failedOn = what;
    this.#log(`level=error msg="runtime config not reloaded, the last good overrides stay in force" file=${JSON.stringify(this.#file)} err=${JSON.stringify(message)}`);
  }

  #read(): string {
    try {
      return readFileSync(this.#file, 'utf8');
    } catch (e) {
      throw new ConfigError(`runtime_config.file ${this.#file}: ${(e as Error).message}`);
    }
  }

  #apply(text: string): void {
    let doc: unknown;
    try {
      doc = YAML.parse(text, { merge: true });
    } catch (e) {
      throw new ConfigError(`runtime_config.file ${this.#file}: ${(e as Error).message.split('\n')[0]!.replace(/:$/, '')}`);
    }
    const byTenant = new Map<string, Limits>();
    const ignored = new Set<string>();
    if (doc !== null && doc !== undefined) {
      if (typeof doc !== 'object' || Array.isArray(doc)) throw new ConfigError(`runtime_config.file ${this.#file}: not a YAML mapping`);
      // Loki's runtime config has more sections (configs, multi_kv_config…); Logi reads the overrides.
      const overrides = (doc as { overrides?: unknown }).overrides ?? {};
      if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) throw new ConfigError(`runtime_config.file ${this.#file}: overrides: expected a mapping of tenant to limits`);
      for (const [tenant, o] of Object.entries(overrides)) {
        const r = overrideLimits(this.#base, o, `runtime_config.file ${this.#file}: overrides.${tenant}`);
        byTenant.set(tenant, r.limits);
        for (const k of r.ignored) ignored.add(k.slice('limits_config.'.length));
      }
    }
    this.#byTenant = byTenant;
    this.#lastText = text;
    this.#failedOn = undefined;
    if (ignored.size > 0) this.#log(`level=warn msg="runtime config: overrides Logi does not use, ignored" keys=${JSON.stringify([...ignored].join(','))}`);
  }
}
