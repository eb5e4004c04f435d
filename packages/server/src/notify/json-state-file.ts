// The notification state kept across restarts (silences, what was sent): small JSON files under the data
// directory, written at once through a temporary file so that a crash leaves the last good one.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The saved value, or undefined when there is none yet or it cannot be read (said once in the log). */
export function readStateFile<T>(path: string, what: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') console.warn(`level=warn component=notify msg="${what} not restored" path=${path} err=${JSON.stringify((e as Error).message)}`);
    return undefined;
  }
}

export function writeStateFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(value));
  renameSync(`${path}.tmp`, path);
}
