// Where a tenant's data lives in the object store (README.md "Layout"): one partition per tenant and index
// period (schema_config's index period, a day by default), each with its own chunk objects and index pieces.
// A flush writes one chunk object and one index piece of the same name per partition it touches.
import { tenantDirName, tenantFromDirName } from './tenant-dir.js';

export interface PeriodConfig {
  /** schema_config index.prefix: partition names are prefix + period number, as Loki names its index tables. */
  prefix: string;
  /** schema_config index.period in ms (24h). */
  periodMs: number;
}

export const DEFAULT_PERIOD: PeriodConfig = { prefix: 'index_', periodMs: 24 * 3600_000 };

/** The partition a chunk belongs to: the period holding its first entry. */
export function partitionOf(tsNs: bigint, p: PeriodConfig): string {
  const ms = tsNs / 1_000_000n;
  const n = ms >= 0n ? ms / BigInt(p.periodMs) : (ms - BigInt(p.periodMs) + 1n) / BigInt(p.periodMs);
  return `${p.prefix}${n}`;
}

export const chunkObjectKey = (tenant: string, partition: string, name: string): string => `chunks/${tenantDirName(tenant)}/${partition}/${name}.chunks`;
export const indexPieceKey = (tenant: string, partition: string, name: string): string => `index/${tenantDirName(tenant)}/${partition}/${name}.idx`;

export interface PieceKey { tenant: string; partition: string; name: string }

const PIECE_RE = /^index\/([^/]+)\/([^/]+)\/([^/]+)\.idx$/;
const CHUNK_RE = /^chunks\/([^/]+)\/([^/]+)\/([^/]+)\.chunks$/;

const parse = (re: RegExp, key: string): PieceKey | undefined => {
  const m = re.exec(key);
  return m ? { tenant: tenantFromDirName(m[1]!), partition: m[2]!, name: m[3]! } : undefined;
};

/** The parts of an index piece's key; undefined for anything else under index/ (a piece moved aside, a stray file). */
export const parsePieceKey = (key: string): PieceKey | undefined => parse(PIECE_RE, key);
/** The parts of a chunk object's key; undefined for anything else under chunks/. */
export const parseChunkKey = (key: string): PieceKey | undefined => parse(CHUNK_RE, key);

let lastName = '';

/** A fresh object name: time-ordered (so listings come in write order) and unique across processes sharing a bucket. */
export function newObjectName(): string {
  let name: string;
  do {
    name = `${Date.now().toString().padStart(14, '0')}-${Math.random().toString(16).slice(2, 10).padEnd(8, '0')}`;
  } while (name === lastName);
  lastName = name;
  return name;
}

/**
 * A name for an object the compactor writes to replace others (a rewrite, a merge). Such an object found
 * without its piece is a rewrite cut short before the piece named what it replaces: the objects it was made
 * from are all still there, so it is deleted rather than indexed beside them.
 */
export const compactorObjectName = (): string => `${newObjectName()}-compactor`;
export const isCompactorOutput = (name: string): boolean => name.endsWith('-compactor');
