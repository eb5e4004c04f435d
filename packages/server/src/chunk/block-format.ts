// Byte layout of one block (see README.md). Offsets are written to disk: never move them.
export const BLOCK_VERSION = 1;
export const BLOCK_HEADER_SIZE = 48;

export const BLOCK_OFF = {
  version: 0,
  codec: 1,
  flags: 2,
  entries: 4,
  minTs: 8,
  maxTs: 16,
  rawBytes: 24,
  metaLen: 28,
  metaRaw: 32,
  linesLen: 36,
  smLen: 40,
  smRaw: 44,
} as const;

/** What a block header says, read without decompressing anything. */
export interface BlockHeader {
  codec: number;
  entries: number;
  minTs: bigint;
  maxTs: bigint;
  rawBytes: number;
  metaLen: number;
  metaRaw: number;
  linesLen: number;
  smLen: number;
  smRaw: number;
}
