import { dirname } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { isCompressedName } from '../tail/compressed.js';

/**
 * Files matching a `__path__` glob (doublestar syntax, as Alloy and Promtail use), minus `__path_exclude__`.
 * A path without glob characters is returned as is, even before the file exists, so it is picked up
 * the moment it is created. Compressed files never match.
 */
export async function expandPath(pattern: string, exclude: string | undefined): Promise<string[]> {
  if (!isDynamicPattern(pattern)) return [pattern];
  const found = await glob(pattern, { absolute: true, onlyFiles: true, expandDirectories: false, dot: true, ignore: exclude ? [exclude] : [] });
  return found.filter((p) => !isCompressedName(p)).sort();
}

/** The deepest directory of a pattern without glob characters ("/var/log/app" for "/var/log/app/*.log"). */
export function staticDir(pattern: string): string {
  let dir = dirname(pattern);
  while (isDynamicPattern(dir) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
}
