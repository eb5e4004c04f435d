import { readFileSync } from 'node:fs';
import { closestName } from '@logi/protocol';

/**
 * Where a key sits in Loki's configuration file: 1 for a value of any shape (a scalar, a list, a map of
 * free names), a nested mapping, or a reference to a named block ("@block", "[]@block" for a list of
 * them, "{}@block" for a map of names to them). A "<block>" key inlines that block's keys.
 */
type KeyShape = 1 | string | { readonly [key: string]: KeyShape };

interface KeyFile { source: string; blocks: Record<string, Record<string, KeyShape>> }

let keyFile: KeyFile | undefined;

/** Loki 3.6's configuration key tree (see scripts/loki-config-keys.js), read once when first needed. */
function blocks(): KeyFile['blocks'] {
  keyFile ??= JSON.parse(readFileSync(new URL('../../data/loki-config-keys.json', import.meta.url), 'utf8')) as KeyFile;
  return keyFile.blocks;
}

/** What a value of this shape may hold as a mapping: each allowed key with its shape; undefined for a leaf. */
function mappingKeys(shape: KeyShape): Map<string, KeyShape> | undefined {
  if (shape === 1) return undefined;
  const fields = typeof shape === 'string' ? (shape.startsWith('@') ? blocks()[shape.slice(1)] : undefined) : shape;
  if (!fields) return undefined;
  const keys = new Map<string, KeyShape>();
  for (const [key, child] of Object.entries(fields)) {
    const inlined = /^<(\w+)>$/.exec(key);
    if (inlined) for (const [k, v] of mappingKeys(`@${inlined[1]}`) ?? []) keys.set(k, v);
    else keys.set(key, child);
  }
  return keys;
}

export interface UnknownKey {
  /** the key's dotted path as written, list items as [i] */
  path: string;
  /** the closest known key at the same place, as a path, when one is close enough to be a likely typo */
  suggestion: string | undefined;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Logi's own settings, which Loki does not have: all under one top-level `logi:` block, laid out as Loki's blocks. */
const LOGI_KEYS: KeyShape = { ruler: { notification_config_file: 1 }, compactor: { compaction_min_pieces: 1 } };

/** The first key of a parsed config file that is not a key of Loki's configuration (Loki refuses those) nor of the `logi:` block. */
export function findUnknownKey(doc: Record<string, unknown>): UnknownKey | undefined {
  const { logi, ...loki } = doc;
  return check(loki, '@root', '') ?? check(logi, LOGI_KEYS, 'logi');
}

function check(value: unknown, shape: KeyShape, path: string): UnknownKey | undefined {
  const at = (key: string): string => (path ? `${path}.${key}` : key);
  if (typeof shape === 'string' && (shape.startsWith('[]') || shape.startsWith('{}'))) {
    const element = shape.slice(2);
    if (Array.isArray(value) && shape.startsWith('[]')) {
      for (const [i, item] of value.entries()) {
        const unknown = check(item, element, `${path}[${i}]`);
        if (unknown) return unknown;
      }
    }
    if (isMapping(value) && shape.startsWith('{}')) {
      for (const [name, item] of Object.entries(value)) {
        const unknown = check(item, element, at(name));
        if (unknown) return unknown;
      }
    }
    return undefined;
  }
  const keys = mappingKeys(shape);
  if (!keys || !isMapping(value)) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemShape = keys.get(key);
    if (itemShape === undefined) {
      const suggestion = closestName(key, keys.keys());
      return { path: at(key), suggestion: suggestion === undefined ? undefined : at(suggestion) };
    }
    const unknown = check(item, itemShape, at(key));
    if (unknown) return unknown;
  }
  return undefined;
}
