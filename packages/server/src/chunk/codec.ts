// Section compression for blocks. zstd level 1 was chosen by measurement (bench/storage-codec.js, README.md):
// ~10x smaller than raw log lines at ~570 MB/s compress and ~1.4 GB/s decompress per core.
// Codes are written to disk: never reorder or reuse them.
import zstd from 'zstd-napi/binding.js';
import { FormatError } from './bytes.js';

export const CODEC = { none: 0, zstd: 1 } as const;
export type Codec = (typeof CODEC)[keyof typeof CODEC];

const ZSTD_LEVEL = 1;

// One context pair per thread (each worker thread loads its own copy of this module).
let cctx: zstd.CCtx | undefined;
let dctx: zstd.DCtx | undefined;
let scratch = Buffer.allocUnsafe(0);

/** Compresses src; returns an exact-size copy with its own ArrayBuffer (cheap to structured-clone). */
export function compress(codec: Codec, src: Uint8Array): Uint8Array {
  if (codec === CODEC.none) return new Uint8Array(src);
  const bound = zstd.compressBound(src.length);
  if (scratch.length < bound) scratch = Buffer.allocUnsafe(Math.max(bound, 1 << 16));
  cctx ??= new zstd.CCtx();
  const n = cctx.compress(scratch, src, ZSTD_LEVEL);
  return new Uint8Array(scratch.subarray(0, n));
}

/** Decompresses src, which must expand to exactly rawLen bytes, into a fresh Buffer. */
export function decompress(codec: number, src: Uint8Array, rawLen: number): Buffer {
  return decompressInto(Buffer.allocUnsafeSlow(rawLen), codec, src, rawLen); // own ArrayBuffer
}

/** A buffer of this thread that each decompression into it overwrites. */
class Scratch {
  #buf = Buffer.allocUnsafeSlow(1 << 16);

  into(codec: number, src: Uint8Array, rawLen: number): Buffer {
    if (this.#buf.length < rawLen) this.#buf = Buffer.allocUnsafeSlow(Math.max(rawLen, this.#buf.length * 2));
    return decompressInto(this.#buf.subarray(0, rawLen), codec, src, rawLen);
  }
}

const sectionScratch = new Scratch();
const linesScratch = new Scratch();

/**
 * As decompress, into a buffer of this thread that the next call overwrites: for a section decoded at once
 * (a block's timestamps and metadata). A fresh buffer per section cost several times the decompression itself.
 */
export const decompressTransient = (codec: number, src: Uint8Array, rawLen: number): Buffer => sectionScratch.into(codec, src, rawLen);

/**
 * As decompressTransient, into a buffer of its own that only the next block's lines overwrite: the lines of blocks
 * scanned one at a time for a needle, where most blocks hold no match (a fresh 256 KiB buffer per block was a
 * seventh of a full scan's time in garbage collection). The scan is done with a block's lines before it decodes the
 * next: what it keeps of a line (an entry, a label) is a string of its own.
 */
export const decompressTransientLines = (codec: number, src: Uint8Array, rawLen: number): Buffer => linesScratch.into(codec, src, rawLen);

/** Fills out (exactly rawLen bytes long) with src decompressed. */
function decompressInto(out: Buffer, codec: number, src: Uint8Array, rawLen: number): Buffer {
  if (codec === CODEC.none) {
    if (src.length !== rawLen) throw new FormatError(`stored section is ${src.length} bytes, expected ${rawLen}`);
    out.set(src);
    return out;
  }
  if (codec !== CODEC.zstd) throw new FormatError(`unknown codec ${codec}`);
  if (rawLen === 0) return out;
  dctx ??= new zstd.DCtx();
  const n = dctx.decompress(out, src);
  if (n !== rawLen) throw new FormatError(`section decompressed to ${n} bytes, expected ${rawLen}`);
  return out;
}
