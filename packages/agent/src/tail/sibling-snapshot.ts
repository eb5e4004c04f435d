import { positionKey } from '../positions/positions.js';
import { oldestFirst, rotatedSiblings, type Sibling } from './rotated.js';

/** Listings of the siblings while rotation keeps renaming them, before taking the union of what was seen. */
const LISTINGS = 4;

/** A file's identity among the siblings: its inode, and its mtime, so a new file on a reused inode is not taken for the old one. */
const identity = (s: Sibling): string => `${positionKey(s.st.dev, s.st.ino)}:${s.st.mtimeNs}`;

/**
 * The rotated siblings already accounted for when a file started being read from its start (opened, or
 * truncated in place): read, being read, or older than the file. Any other sibling that turns up before
 * the file's first read is a copy made by a copytruncate since (or a copy not truncated yet).
 */
export class SiblingSnapshot {
  readonly #known: Set<string>;

  constructor(siblings: readonly Sibling[]) {
    this.#known = new Set(siblings.map(identity));
  }

  has(s: Sibling): boolean {
    return this.#known.has(identity(s));
  }
}

/**
 * The siblings of `path`, oldest first, listed until two listings in a row hold the same files: a rename
 * between the directory read and the stat of each name (app.log.1 becoming app.log.2 while a copy is made
 * to app.log.1) can hide a file from one listing. Returns every file seen, by its latest name.
 */
export async function settledSiblings(path: string): Promise<Sibling[]> {
  const seen = new Map<string, Sibling>();
  let previous = '';
  for (let i = 0; i < LISTINGS; i++) {
    const listing = await rotatedSiblings(path);
    for (const s of listing) seen.set(positionKey(s.st.dev, s.st.ino), s);
    const ids = listing.map(identity).sort().join(' ');
    if (ids === previous) break;
    previous = ids;
  }
  return [...seen.values()].sort(oldestFirst);
}
