// Saved items as one JSON file each in a folder: read at start (an unreadable one logged and skipped), and replaced
// whole, written to a temporary file, synced and renamed over the old one, so a crash leaves the old file or the new
// one. The temporary name does not end in .json: nothing half-written loads as a saved item.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';

export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(JSON.stringify(value, null, 2));
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, path);
}

/** Every `<name>.json` of `dir` (made when missing), parsed, in name order; `what` names them in the warning. */
export function readJsonFiles<T>(dir: string, what: string): T[] {
  mkdirSync(dir, { recursive: true });
  const out: T[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    try {
      out.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as T);
    } catch (e) {
      console.warn(`level=warn component=dashboards msg="${what} unreadable, skipped" path=${join(dir, name)} err=${JSON.stringify((e as Error).message)}`);
    }
  }
  return out;
}

/** Jobs run one after another: a store's writes, each checking what the one before it left. */
export class Serial {
  #last: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#last.then(job);
    this.#last = run.catch(() => undefined);
    return run;
  }
}
