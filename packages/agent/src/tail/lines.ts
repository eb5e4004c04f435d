import { TextDecoder } from 'node:util';

/** Splits bytes into lines in one encoding; a line ends at "\n" (a trailing "\r" is dropped). */
export interface LineCodec {
  /** Index where the next newline at or after `from` starts, or -1. */
  find(buf: Buffer, from: number, to: number): number;
  /** Bytes in a newline. */
  nl: number;
  /** The text of bytes [start, end), newline excluded. */
  decode(buf: Buffer, start: number, end: number): string;
}

function stripCR(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

function findByte(buf: Buffer, from: number, to: number): number {
  const i = buf.indexOf(10, from);
  return i < 0 || i >= to ? -1 : i;
}

// the "\r" of a "\r\n" is dropped as a byte, before decoding: cheaper than trimming the string
const utf8: LineCodec = { find: findByte, nl: 1, decode: (buf, start, end) => buf.toString('utf8', start, end > start && buf[end - 1] === 13 ? end - 1 : end) };

function utf16(littleEndian: boolean, decoder: TextDecoder): LineCodec {
  const nl = Buffer.from(littleEndian ? [10, 0] : [0, 10]);
  return {
    find(buf, from, to) {
      for (let i = buf.indexOf(nl, from); i >= 0 && i + 1 < to; i = buf.indexOf(nl, i + 1)) if ((i - from) % 2 === 0) return i;
      return -1;
    },
    nl: 2,
    decode: (buf, start, end) => stripCR(decoder.decode(buf.subarray(start, end))),
  };
}

/** A codec for a WHATWG encoding label; single-byte encodings and UTF-8 split on byte 0x0A. */
export function lineCodec(encoding: string): LineCodec {
  const decoder = new TextDecoder(encoding);
  if (decoder.encoding === 'utf-8') return utf8;
  if (decoder.encoding === 'utf-16le' || decoder.encoding === 'utf-16be') return utf16(decoder.encoding === 'utf-16le', decoder);
  return { find: findByte, nl: 1, decode: (buf, start, end) => stripCR(decoder.decode(buf.subarray(start, end))) };
}
