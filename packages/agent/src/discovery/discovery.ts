import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FileTarget, SourceConfig } from '../config/model.js';
import { log } from '../log.js';
import type { Entry } from '../pipeline/entry.js';
import { lineCodec } from '../tail/lines.js';
import { positionKey } from '../positions/positions.js';
import { MTIME_MARGIN_MS, PathWatch, type WatchContext } from '../tail/path-watch.js';
import { settledSiblings } from '../tail/sibling-snapshot.js';
import { expandPath, staticDir } from './glob.js';

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
  /**
   * When the previous sync started: a path first matched now appeared after it. Before the first sync,
   * when the discovery started: a file rotated away from a path before the watch's first look, but
   * written since the start (within the watch's margin for coarse file clocks), holds lines never seen.
   */
  #lastSync = Date.now();
  readonly #dirWatchers = new Map<string, FSWatcher>();
  #soon: NodeJS.Timeout | undefined;

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

  #watch(t: FileTarget, path: string): PathWatch {
    const w = new PathWatch({
      path, labels: entryLabels(t, path), codec: this.#codec, pollMs: this.#source.pollMs,
      tailFromEnd: this.#source.tailFromEnd && this.#first, forward: this.#forward, appearedAfter: this.#lastSync,
    }, this.#ctx);
    this.#watches.set(path, w);
    w.start();
    return w;
  }

  /**
   * Watches the fixed directory of each glob, so a file created between two sync periods is found at
   * once (a fast writer may rotate a new file away before the next period).
   */
  #watchDirs(): void {
    for (const t of this.#source.targets) {
      const dir = staticDir(t.labels.__path__!);
      if (this.#dirWatchers.has(dir)) continue;
      try {
        const w = watch(dir, { persistent: false }, (event) => {
          if (event === 'rename' && !this.#soon) this.#soon = setTimeout(() => { this.#soon = undefined; void this.sync(); }, 10);
        });
        w.on('error', () => {
          w.close();
          this.#dirWatchers.delete(dir);
        });
        this.#dirWatchers.set(dir, w);
      } catch {
        // the directory does not exist yet: the periodic sync tries again
      }
    }
  }

  async #sync(): Promise<void> {
    if (this.#stopped) return;
    const syncStart = Date.now();
    this.#watchDirs();
    const matched = new Set<string>();
    const rotatedAway: { target: FileTarget; path: string; files: string[] }[] = [];
    for (const t of this.#source.targets) {
      const { matched: paths, rotatedFrom } = await expandPath(t.labels.__path__!, t.labels.__path_exclude__);
      for (const path of paths) {
        matched.add(path);
        if (!this.#watches.has(path)) this.#watch(t, path);
      }
      for (const [path, files] of rotatedFrom) rotatedAway.push({ target: t, path, files });
    }
    // A path at which a file was created and rotated away since the last directory read: the watch's first
    // look finds the path gone and reads the rotated files changed since then. Not matched, it ends once
    // they are finished. A rotated file renamed again since the read may be one of them: looked for too.
    for (const { target, path, files } of rotatedAway) {
      if (matched.has(path) || this.#watches.has(path)) continue;
      const since = this.#lastSync - MTIME_MARGIN_MS;
      const mtimes = await Promise.all(files.map((f) => stat(f).then((st) => st.mtimeMs, () => Infinity)));
      if (mtimes.some((m) => m > since)) this.#watch(target, path);
    }
    for (const [path, w] of this.#watches) {
      w.matched = matched.has(path);
      // idle since this sync began: a file at the path only between two of its looks was looked for
      if (!w.matched && w.idleSince(syncStart)) {
        this.#watches.delete(path);
        await w.stop();
        // rotated files still there keep their positions: a watch for a new file at the path would
        // otherwise take them for new and read them again (settled: one renamed while listed is still there)
        const siblings = await settledSiblings(path);
        this.#ctx.positions.forgetPath(path, new Set(siblings.map((s) => positionKey(s.st.dev, s.st.ino))));
      }
    }
    this.#first = false;
    this.#lastSync = syncStart;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#soon);
    for (const w of this.#dirWatchers.values()) w.close();
    await this.#syncing;
    await Promise.all([...this.#watches.values()].map((w) => w.stop()));
  }
}
