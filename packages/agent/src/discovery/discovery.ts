import type { FileTarget, SourceConfig } from '../config/model.js';
import { log } from '../log.js';
import type { Entry } from '../pipeline/entry.js';
import { lineCodec } from '../tail/lines.js';
import { PathWatch, type WatchContext } from '../tail/path-watch.js';
import { expandPath } from './glob.js';

/** The labels entries of a target carry: every label but the internal "__" ones, plus `filename`. */
export function entryLabels(target: FileTarget, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(target.labels)) if (!k.startsWith('__')) out[k] = v;
  out.filename = path;
  return out;
}

/**
 * Expands one source's globs every sync period and keeps a PathWatch per matched file. A watch whose
 * file no longer matches ends once its files are finished (a file being rotated is briefly missing).
 */
export class Discovery {
  readonly #source: SourceConfig;
  readonly #ctx: WatchContext;
  readonly #forward: (e: Entry) => void;
  readonly #watches = new Map<string, PathWatch>();
  readonly #codec;
  #timer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> = Promise.resolve();
  #first = true;
  #stopped = false;

  constructor(source: SourceConfig, ctx: WatchContext, forward: (e: Entry) => void) {
    this.#source = source;
    this.#ctx = ctx;
    this.#forward = forward;
    this.#codec = lineCodec(source.encoding);
  }

  get watches(): Iterable<PathWatch> {
    return this.#watches.values();
  }

  async start(): Promise<void> {
    await this.sync();
    const period = Math.min(...this.#source.targets.map((t) => t.syncPeriodMs));
    this.#timer = setInterval(() => void this.sync(), period);
  }

  sync(): Promise<void> {
    this.#syncing = this.#syncing.then(() => this.#sync()).catch((e: unknown) => log('error', 'file discovery failed', { source: this.#source.id, err: e }));
    return this.#syncing;
  }

  async #sync(): Promise<void> {
    if (this.#stopped) return;
    const matched = new Set<string>();
    for (const t of this.#source.targets) {
      for (const path of await expandPath(t.labels.__path__!, t.labels.__path_exclude__)) {
        matched.add(path);
        let w = this.#watches.get(path);
        if (!w) {
          w = new PathWatch({
            path, labels: entryLabels(t, path), codec: this.#codec, pollMs: this.#source.pollMs,
            tailFromEnd: this.#source.tailFromEnd && this.#first, forward: this.#forward,
          }, this.#ctx);
          this.#watches.set(path, w);
          w.start();
        }
      }
    }
    for (const [path, w] of this.#watches) {
      w.matched = matched.has(path);
      if (!w.matched && w.idle) {
        this.#watches.delete(path);
        await w.stop();
        this.#ctx.positions.forgetPath(path);
      }
    }
    this.#first = false;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#syncing;
    await Promise.all([...this.#watches.values()].map((w) => w.stop()));
  }
}
