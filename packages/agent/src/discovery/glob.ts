import { basename, dirname, isAbsolute, join } from 'node:path';
import picomatch from 'picomatch';
import { escapePath, glob, isDynamicPattern } from 'tinyglobby';
import { isCompressedName } from '../tail/compressed.js';
import { ROTATION_SEPARATORS } from '../tail/rotated.js';

export interface Expansion {
  /** Files the glob matches, minus the excluded ones. */
  matched: string[];
  /**
   * Paths the glob would match that the directory read did not show, by the rotated files it showed
   * for them (app.log → [app.log.1]): a file created and renamed away between two reads left only those.
   */
  rotatedFrom: Map<string, string[]>;
}

/**
 * Expands a `__path__` glob (doublestar syntax, as Alloy and Promtail use), minus `__path_exclude__`, from
 * one read of each directory. A path without glob characters is returned as is, even before the file
 * exists, so it is picked up the moment it is created. Compressed files never match.
 */
export async function expandPath(pattern: string, exclude: string | undefined): Promise<Expansion> {
  if (!isDynamicPattern(pattern)) return { matched: [pattern], rotatedFrom: new Map() };
  const options = { dot: true, posix: true };
  // the glob's results are absolute and normalized: so are the patterns they are matched against
  const absolute = (p: string): string => (isAbsolute(p) ? join(p) : join(escapePath(process.cwd()), p));
  const isMatch = picomatch(absolute(pattern), options);
  const isExcluded = exclude ? picomatch(absolute(exclude), options) : (): boolean => false;
  const wanted = (p: string): boolean => isMatch(p) && !isExcluded(p) && !isCompressedName(p);
  const found = await glob([pattern, `${pattern}[${ROTATION_SEPARATORS}]*`], { absolute: true, onlyFiles: true, expandDirectories: false, dot: true });
  const matched = found.filter(wanted).sort();
  const listed = new Set(found);
  const rotatedFrom = new Map<string, string[]>();
  for (const file of found.sort()) {
    if (isMatch(file) || isCompressedName(file)) continue;
    const name = basename(file);
    for (let i = 1; i < name.length; i++) {
      if (!ROTATION_SEPARATORS.includes(name[i]!)) continue;
      const path = join(dirname(file), name.slice(0, i));
      if (listed.has(path) || !wanted(path)) continue;
      const files = rotatedFrom.get(path);
      if (files) files.push(file);
      else rotatedFrom.set(path, [file]);
    }
  }
  return { matched, rotatedFrom };
}

/** The deepest directory of a pattern without glob characters ("/var/log/app" for "/var/log/app/*.log"). */
export function staticDir(pattern: string): string {
  let dir = dirname(pattern);
  while (isDynamicPattern(dir) && dir !== dirname(dir)) dir = dirname(dir);
  return dir;
}
